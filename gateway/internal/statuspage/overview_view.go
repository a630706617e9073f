package statuspage

import (
	"net/url"
	"strconv"

	"github.com/checkin-gateway/checkin-gateway/gateway/internal/overview"
	"github.com/checkin-gateway/checkin-gateway/gateway/internal/respond"
	"github.com/checkin-gateway/checkin-gateway/shared/checkin"
)

// overviewView is what list.html shows.
type overviewView struct {
	Query      string
	Configured int // every configured service
	Found      int // services the search finds, in any state
	Counts     []stateCount
	AllStates  bool   // no state filter
	AllURL     string // the search without a state filter
	Total      int    // services that pass the whole filter
	Page       int    // from 1
	Pages      int
	First      int // the place of the first row shown, from 1
	Prev, Next string
	Pager      []pageLink
	Rows       []serviceRow
}

// stateCount is one state's count, with the link that shows only that state.
type stateCount struct {
	Status  checkin.Status
	N       int
	Checked bool // in the state filter
	URL     string
}

// pageLink is one link of the pager; a zero N stands for the pages left out.
type pageLink struct {
	N       int
	URL     string
	Current bool
}

func newOverviewView(f overview.Filter, found selection, pageNo, configured int) overviewView {
	v := overviewView{Query: f.Query, Configured: configured, AllStates: f.AllStates(), Total: found.total}
	for _, s := range overview.Worst {
		v.Found += found.counts[s]
		only := overview.Filter{Query: f.Query}
		only.States[s] = true
		v.Counts = append(v.Counts, stateCount{Status: s, N: found.counts[s], Checked: f.States[s], URL: listURL(only, 1)})
	}
	v.AllURL = listURL(overview.Filter{Query: f.Query}, 1)
	v.Pages = max(1, (v.Total+PageSize-1)/PageSize)
	v.Page = min(pageNo, v.Pages) // a bookmark beyond the last page opens the last
	v.First = (v.Page-1)*PageSize + 1
	if v.Page > 1 {
		v.Prev = listURL(f, v.Page-1)
	}
	if v.Page < v.Pages {
		v.Next = listURL(f, v.Page+1)
	}
	v.Pager = pager(f, v.Page, v.Pages)
	return v
}

// pager links the first and last page and two on each side of the current one, with a gap
// (N 0) where pages are left out.
func pager(f overview.Filter, cur, pages int) []pageLink {
	if pages == 1 {
		return nil
	}
	var out []pageLink
	last := 0
	for n := 1; n <= pages; n++ {
		if n != 1 && n != pages && (n < cur-2 || n > cur+2) {
			continue
		}
		if n > last+1 {
			out = append(out, pageLink{})
		}
		out = append(out, pageLink{N: n, URL: listURL(f, n), Current: n == cur})
		last = n
	}
	return out
}

// listURL is the overview's address for a filter and page, with only the parameters that
// differ from the defaults.
func listURL(f overview.Filter, pageNo int) string {
	q := url.Values{}
	if f.Query != "" {
		q.Set("q", f.Query)
	}
	if s := f.StateList(); s != "" {
		q.Set("status", s)
	}
	if pageNo > 1 {
		q.Set("page", strconv.Itoa(pageNo))
	}
	// Relative: the overview is at / or /status of the gateway, wherever a proxy puts that.
	if len(q) == 0 {
		return "status"
	}
	return "status?" + q.Encode()
}

// parsePage reads the page parameter: a whole number from 1, 1 when missing.
func parsePage(s string) (int, *respond.Error) {
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, respond.BadRequest("query parameter page must be a whole number from 1")
	}
	return n, nil
}
