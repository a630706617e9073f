package config

import (
	"slices"
	"testing"
)

// New orders the services by name; Services, Names and Place agree on that order.
func TestNewOrdersServices(t *testing.T) {
	c := New(&Service{Name: "mail"}, &Service{Name: "backup"}, &Service{Name: "Zeta"}, &Service{Name: "db"})
	want := []string{"Zeta", "backup", "db", "mail"} // byte order, as the lists show them
	if !slices.Equal(c.Names(), want) {
		t.Errorf("Names() = %v; want %v", c.Names(), want)
	}
	for i, s := range c.Services() {
		if s.Name != want[i] {
			t.Errorf("Services()[%d] = %s; want %s", i, s.Name, want[i])
		}
		if p, ok := c.Place(s.Name); !ok || p != i {
			t.Errorf("Place(%q) = %d, %v; want %d, true", s.Name, p, ok, i)
		}
		if c.Service(s.Name) != s {
			t.Errorf("Service(%q) is not Services()[%d]", s.Name, i)
		}
	}
	if _, ok := c.Place("nope"); ok || c.Service("nope") != nil {
		t.Error("an unknown name has a place or a service")
	}
}
