-- State queries are answered from memory (the store's cache of each service's newest and newest
-- OK check-in), so the (service, status, id) index only served the cache's first load, while it
-- cost every check-in a page write and the database a quarter of its size. The newest OK check-in
-- is now found by walking checkins_service_id backwards, which stops at the first OK.
DROP INDEX IF EXISTS checkins_service_status_id;
