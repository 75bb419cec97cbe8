"""Static files under content-hashed names, pre-compressed with brotli and gzip.

`collectstatic` writes each file under a name with its content's hash
(`plotly-tracker.min.3f2a….js`) beside `.br` and `.gz` copies; WhiteNoise serves
the smallest the browser accepts and marks hashed names cacheable for years, so a
returning reader downloads nothing until a file changes. Before collectstatic has
run (development, tests) templates get the plain names, which the finders serve.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedCompressedStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed, compressed storage; plain names when the manifest lacks one."""

    manifest_strict = False

    def stored_name(self, name):
        if self.hashed_files.get(self.hash_key(self.clean_name(name))) is None:
            return name
        return super().stored_name(name)
