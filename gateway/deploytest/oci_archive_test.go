package deploytest

import (
	"archive/tar"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// ociImage is what one image of an OCI archive (`make image`) holds.
type ociImage struct {
	Annotations map[string]string // the manifest's
	Config      struct {
		Architecture string `json:"architecture"`
		OS           string `json:"os"`
		Config       struct {
			User       string            `json:"User"`
			Env        []string          `json:"Env"`
			Entrypoint []string          `json:"Entrypoint"`
			Cmd        []string          `json:"Cmd"`
			Volumes    map[string]any    `json:"Volumes"`
			Labels     map[string]string `json:"Labels"`
		} `json:"config"`
	}
	Files map[string]*tar.Header // every path in the layers, without a leading /
	Size  int64                  // the regular files' bytes, uncompressed
	blobs map[string][]byte
}

// readOCIArchive reads the single image of a one-architecture OCI archive.
func readOCIArchive(t *testing.T, path string) *ociImage {
	t.Helper()
	blobs := archiveBlobs(t, path)
	var index struct {
		Manifests []struct{ Digest string } `json:"manifests"`
	}
	mustJSON(t, blobs["index.json"], &index)
	if len(index.Manifests) != 1 {
		t.Fatalf("%s: index.json names %d manifests; want 1", path, len(index.Manifests))
	}
	return readOCIManifest(t, blobs, index.Manifests[0].Digest)
}

// readOCIManifest reads the image whose manifest has digest.
func readOCIManifest(t *testing.T, blobs map[string][]byte, digest string) *ociImage {
	t.Helper()
	var manifest struct {
		Annotations map[string]string         `json:"annotations"`
		Config      struct{ Digest string }   `json:"config"`
		Layers      []struct{ Digest string } `json:"layers"`
	}
	mustJSON(t, blobs[blobPath(digest)], &manifest)
	img := &ociImage{Annotations: manifest.Annotations, Files: map[string]*tar.Header{}, blobs: blobs}
	mustJSON(t, blobs[blobPath(manifest.Config.Digest)], &img.Config)
	for _, layer := range manifest.Layers {
		gz, err := gzip.NewReader(strings.NewReader(string(blobs[blobPath(layer.Digest)])))
		if err != nil {
			t.Fatalf("layer %s: %v", layer.Digest, err)
		}
		tr := tar.NewReader(gz)
		for {
			h, err := tr.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("layer %s: %v", layer.Digest, err)
			}
			name := strings.TrimSuffix(strings.TrimPrefix(filepath.Clean("/"+h.Name), "/"), "/")
			img.Files[name] = h
			if h.Typeflag == tar.TypeReg {
				img.Size += h.Size
			}
		}
	}
	return img
}

// extract writes the file at path in the image's layers to dst.
func (img *ociImage) extract(t *testing.T, path, dst string) {
	t.Helper()
	for digest, blob := range img.blobs {
		if !strings.HasPrefix(digest, "blobs/") {
			continue
		}
		gz, err := gzip.NewReader(strings.NewReader(string(blob)))
		if err != nil {
			continue // a manifest or config, not a layer
		}
		tr := tar.NewReader(gz)
		for {
			h, err := tr.Next()
			if err != nil {
				break
			}
			if strings.TrimPrefix(filepath.Clean("/"+h.Name), "/") == path {
				data, err := io.ReadAll(tr)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(dst, data, 0o755); err != nil {
					t.Fatal(err)
				}
				return
			}
		}
	}
	t.Fatalf("the image has no %s", path)
}

// archiveBlobs reads every file of an OCI archive (a tar of an OCI image layout) into memory.
func archiveBlobs(t *testing.T, path string) map[string][]byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	blobs := map[string][]byte{}
	tr := tar.NewReader(f)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return blobs
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		blobs[strings.TrimPrefix(h.Name, "./")] = data
	}
}

// blobPath is where an OCI layout keeps the blob with digest "sha256:...".
func blobPath(digest string) string { return "blobs/" + strings.Replace(digest, ":", "/", 1) }

func mustJSON(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%v in %.200s", err, data)
	}
}
