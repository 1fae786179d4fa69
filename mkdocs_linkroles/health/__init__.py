"""Link health: which outbound links are dead, moved or unreachable, checked by lychee.

A separate, explicit step (`linkroles check`), never the build: it writes a health file
that the build may read. Nothing here runs while a site builds.
"""
