package loaders

// LoadDir reads every input file directly in dir (not subfolders) and returns the batch.
// A fatal problem with any file returns a *FileError wrapping ErrUnreadable or ErrUnrecognised;
// bad rows never fail the load, they are quarantined.
func LoadDir(dir string, opts Options) (*Batch, error) {
	panic("TODO: implemented by the loaders work")
}
