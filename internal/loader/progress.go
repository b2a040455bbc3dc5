package loader

// progress reports the number of files loaded so far to Options.Progress.
func (s *session) progress() {
	if s.opt.Progress != nil {
		s.opt.Progress(s.res.Files)
	}
}
