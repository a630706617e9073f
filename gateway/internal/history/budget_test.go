package history

import "testing"

func TestByteBudget(t *testing.T) {
	b := newByteBudget(100)
	steps := []struct {
		n    int
		must bool
		want bool
	}{
		{60, false, true},
		{50, false, false}, // 40 left
		{40, false, true},
		{10, false, false},
		{10, true, true}, // a page's first entry: always, into debt
		{1, false, false},
	}
	for i, s := range steps {
		if got := b.take(s.n, s.must); got != s.want {
			t.Errorf("step %d: take(%d, %v) = %v; want %v", i, s.n, s.must, got, s.want)
		}
	}
	b.give(60 + 40 + 10)
	if !b.take(100, false) || b.take(1, false) {
		t.Errorf("after everything was given back, the budget is not whole again")
	}
}
