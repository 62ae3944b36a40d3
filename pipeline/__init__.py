"""The build: scenes the content needs -> Pelican -> checks -> output, in one path."""
