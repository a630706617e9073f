package icinga

import (
	"encoding/json"
	"fmt"
	"strings"
)

// quoteName makes an Icinga 2 string literal whose value is s, for object names, display names
// and URLs, which Icinga does not read macros in.
func quoteName(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\t", `\t`, "\n", `\n`, "\r", `\r`)
	return `"` + r.Replace(s) + `"`
}

// quoteVar makes an Icinga 2 string literal for a custom variable: Icinga resolves macros in
// those when it runs a command, so $ is doubled and the command gets s as it is.
func quoteVar(s string) string {
	return quoteName(strings.ReplaceAll(s, "$", "$$"))
}

// value writes a custom variable's value from services.json: a string, a plain decimal number,
// a bool, or an array of them (as icingaplace.Settings holds them).
func value(v any) string {
	switch v := v.(type) {
	case string:
		return quoteVar(v)
	case json.Number:
		return v.String()
	case bool:
		return fmt.Sprint(v)
	case []any:
		items := make([]string, len(v))
		for i, x := range v {
			items[i] = value(x)
		}
		return "[ " + strings.Join(items, ", ") + " ]"
	}
	panic(fmt.Sprintf("icinga: custom variable of type %T", v)) // icingaplace.Settings allows no other
}

func oneLine(s string) string { return strings.NewReplacer("\n", " ", "\r", " ").Replace(s) }
