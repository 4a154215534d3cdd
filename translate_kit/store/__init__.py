"""The page store: pages read for the audit (:mod:`.pages`), the on-disk page cache that lets
an unchanged site be audited without reading its pages again (:mod:`.page_cache`), the status
snapshot that lets an unchanged site skip the audit altogether (:mod:`.snapshot`), and the typed
JSON both are written in (:mod:`.codec`)."""
