"""Built sites, for `linkroles scan`: settings, content regions, safe files, themed pages."""
