// Package config loads and validates services.json: the services the gateway knows, their tokens
// and their timing rules.
package config

import (
	"crypto/sha256"
	"fmt"
	"slices"
	"strings"
)

// Config is a validated services.json.
type Config struct {
	list      []*Service                     // by name
	names     []string                       // list's names
	place     map[string]int32               // name → index in list
	pingUUIDs map[[sha256.Size]byte]*Service // by ping_uuid's hash
}

// New builds a Config from services, which must have unique names.
func New(services ...*Service) *Config {
	c := &Config{list: slices.Clone(services), place: make(map[string]int32, len(services))}
	slices.SortFunc(c.list, func(a, b *Service) int { return strings.Compare(a.Name, b.Name) })
	c.names = make([]string, len(c.list))
	for i, s := range c.list {
		c.names[i] = s.Name
		c.place[s.Name] = int32(i)
	}
	c.pingUUIDs, _ = indexPingUUIDs(services) // Parse refuses duplicates
	return c
}

// Service returns the named service, or nil when it is not configured.
func (c *Config) Service(name string) *Service {
	if i, ok := c.place[name]; ok {
		return c.list[i]
	}
	return nil
}

// Place returns the index of the named service in Names and Services, and whether it is
// configured.
func (c *Config) Place(name string) (int, bool) {
	i, ok := c.place[name]
	return int(i), ok
}

// Names lists the configured services in lexical order. The slice must not be changed.
func (c *Config) Names() []string { return c.names }

// Services lists the configured services in the order of Names: a pass over every service
// needs no lookup by name. The slice must not be changed.
func (c *Config) Services() []*Service { return c.list }

// Len is the number of configured services.
func (c *Config) Len() int { return len(c.names) }

// ServiceByPingUUID returns the service whose ping_uuid is uuid (in any letter case), or nil.
func (c *Config) ServiceByPingUUID(uuid string) *Service {
	return c.pingUUIDs[hashUUID(uuid)]
}

// indexPingUUIDs maps each ping_uuid to its service. Two services with the same ping_uuid are
// an error, naming both but not the uuid.
func indexPingUUIDs(services []*Service) (map[[sha256.Size]byte]*Service, error) {
	index := make(map[[sha256.Size]byte]*Service)
	for _, s := range services {
		if s.Ping.uuidHash == nil {
			continue
		}
		if other := index[*s.Ping.uuidHash]; other != nil {
			return index, fmt.Errorf("services %q and %q: field ping_uuid: both have the same uuid; give each service its own (checkin-gateway new-uuid prints one)", other.Name, s.Name)
		}
		index[*s.Ping.uuidHash] = s
	}
	return index, nil
}
