"""The files the plugin adds to the site, and the place each takes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from mkdocs_linkroles.glue.files import Destinations
from mkdocs_linkroles.safe import visible


@dataclass
class GeneratedFiles:
    """The generated files of one build (pages, script, stylesheet), by source path."""

    folder: str
    """Where they go (`backlinks_dir`)."""
    prefix: str = ""
    """The language folder of this build under mkdocs-static-i18n; empty otherwise."""
    report_dest: str | None = None
    """Where the report goes in the site; None without a report."""
    files: dict[str, File] = field(default_factory=dict)

    def src_uri(self, name: str, suffix: str = ".md") -> str:
        """The source path of a generated file named `name`."""
        return f"{self.folder}/{name}{suffix}"

    def __getitem__(self, src_uri: str) -> File:
        return self.files[src_uri]

    def __contains__(self, src_uri: object) -> bool:
        return src_uri in self.files

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def values(self) -> list[File]:
        """The generated files, in the order they were added."""
        return list(self.files.values())

    def pop(self, src_uri: str) -> File:
        """Take a generated file out (a shell, once its pages are written)."""
        return self.files.pop(src_uri)

    def add(self, files: Files, file: File, taken: Destinations | None = None) -> None:
        """Add a generated file to the site's `files`, unless it would take another's place.

        `taken` holds the destinations of `files`: pass it when adding many files, so that
        each check is a few lookups, not a search through every file of the site.
        """
        if self.prefix:  # a language's build of mkdocs-static-i18n: in the language's folder
            file.dest_uri = self.prefix + file.dest_uri
        if taken is None:
            taken = Destinations(files, self.report_dest)
        clash = files.get_file_from_path(file.src_uri)
        where = clash.dest_uri if clash is not None else file.dest_uri
        if clash is None:
            where, clash_name = taken.clash(file.dest_uri)
        else:
            clash_name = clash.src_uri
        if clash_name is not None:
            if where == file.dest_uri:
                what = f"would overwrite '{clash_name}' (both are written to '{where}')"
            else:  # one's file is the other's folder
                what = (
                    f"(written to '{file.dest_uri}') and '{clash_name}' (at '{where}') cannot "
                    "both be in the site: one's file is the other's folder"
                )
            raise PluginError(
                visible(
                    f"linkroles: the generated page '{file.src_uri}' {what}. Rename or move "
                    "your file, or set the plugin's 'backlinks_dir' option to another folder."
                )
            )
        files.append(file)
        taken.add(file.dest_uri, file.src_uri)
        self.files[file.src_uri] = file
