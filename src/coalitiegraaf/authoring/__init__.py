"""Keeping the agenda current: spreadsheets in and out (:mod:`.sheets`), a new letter in
(:mod:`.intake`), and what changed between two versions (:mod:`.diff`)."""
