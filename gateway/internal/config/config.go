// Package config loads and validates services.json: the services the gateway knows, their tokens
// and their timing rules.
package config

import (
	"crypto/sha256"
	"fmt"
	"sort"
)

// Config is a validated services.json.
type Config struct {
	services  map[string]*Service
	names     []string
	pingUUIDs map[[sha256.Size]byte]*Service // by ping_uuid's hash
}

// New builds a Config from services, which must have unique names.
func New(services ...*Service) *Config {
	c := &Config{services: make(map[string]*Service, len(services))}
	for _, s := range services {
		c.services[s.Name] = s
		c.names = append(c.names, s.Name)
	}
	sort.Strings(c.names)
	c.pingUUIDs, _ = indexPingUUIDs(services) // Parse refuses duplicates
	return c
}

// Service returns the named service, or nil when it is not configured.
func (c *Config) Service(name string) *Service { return c.services[name] }

// Names lists the configured services in lexical order. The slice must not be changed.
func (c *Config) Names() []string { return c.names }

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
		if !s.Ping.hasUUID {
			continue
		}
		if other := index[s.Ping.uuidHash]; other != nil {
			return index, fmt.Errorf("services %q and %q: field ping_uuid: both have the same uuid; give each service its own (checkin-gateway new-uuid prints one)", other.Name, s.Name)
		}
		index[s.Ping.uuidHash] = s
	}
	return index, nil
}
