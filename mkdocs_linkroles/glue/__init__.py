"""The plugin's MkDocs glue: files, navigation, search and sitemap, logging.

`plugin.py` holds only the events, and hands the work to these and to the pipeline.
"""
