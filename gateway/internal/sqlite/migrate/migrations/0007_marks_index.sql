-- The status page's timeline reads a history's times, statuses and kinds, never its infos (up
-- to 64 KiB each): the index holds them, so that read touches the index alone. Same name and
-- order as before ((service, received_at) then id), so the history, paging and prune queries
-- run as they did. Built once at the upgrade: it reads every row once.
DROP INDEX IF EXISTS checkins_service_at;
CREATE INDEX checkins_service_at ON checkins (service, received_at, id, status, kind);
