// Package servicefile reads the older gateway's services from its own files (services.json, or
// a config/ folder of *.json files) and its timeouts as pytimeparse writes them. The older
// gateway's database is read by package legacy, which shares these types.
package servicefile

// Service is one service of the older gateway: a row of its services table, or an entry of
// its services files. Older versions have only the first three columns; the others are then
// empty.
type Service struct {
	Name    string
	Token   string
	Timeout any // INTEGER or REAL seconds, or NULL
	Owner   string
	// SpecialType marks services the older gateway checked itself (SMART, HTTP); "" for
	// ordinary check-in services.
	SpecialType string
	URL         string
	// Static is true for services the older gateway loaded from its own services.json.
	Static bool
}

// Listed is a service, or one value of it, that is not carried over as it was, and why.
type Listed struct {
	Service string
	Value   string // the value in question, as written; "" when the reason covers it
	Reason  string
}
