"""One module per command (or close family): each a short recipe that gathers first and
writes last. ``cli.py`` parses options, calls one recipe and renders what it returns.

- :mod:`.status`: ``status`` (the audit, reused from the snapshot when nothing changed)
- :mod:`.baseline`: ``baseline``; :mod:`.approve`: ``approve`` (recording in the lock)
- :mod:`.draft`: ``draft`` and ``sync`` (the drafting rooms in :mod:`translate_kit.drafting`)
- :mod:`.check`: ``check`` and its ``--report`` files
- :mod:`.diff`: ``diff``; :mod:`.glossary`: ``glossary check|suggest``
- :mod:`.report`: ``report --html`` (the dashboard); :mod:`.init`: ``init``
"""
