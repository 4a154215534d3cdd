"""Drafting, one room per step, called in this order by :mod:`translate_kit.commands.draft`:

1. :mod:`.plan`: which gaps to fill, and for each what it needs translated (a Job)
2. :mod:`.run`: the engine, the translation cache and the run over every segment to send
3. :mod:`.assemble`: the finished page of each job, with a note per segment
4. :mod:`.record`: pages and review sheets written, each written page recorded in the lock
5. :mod:`.sheet`: the review sheet of a draft and the bill of a run

Data flows one way: each step takes what the step before returned.
"""
