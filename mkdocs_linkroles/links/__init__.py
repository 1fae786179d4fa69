"""Links: URLs, hosts, suffixes, secrets, the records, the link graph and the audit rules."""
