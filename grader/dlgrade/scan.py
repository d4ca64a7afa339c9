"""What in a submission deserves a human look: code no answer needs.

The referee decides scores from values, so none of this changes a score: it only marks a submission
"flagged" in the batch report (dlgrade.batch) so that an instructor reads it before publishing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["SUSPICIOUS", "release_sources", "scan_answers"]

SUSPICIOUS = {
    r"input_transformers|ast_transformers|register_magic|events\.register": "rewrites how later cells run",
    r"set_custom_exc|showtraceback|InteractiveTB|settrace|setprofile|do_execute|shell_handlers|\.kernel\b":
        "rewrites how the kernel runs or reports cells",
    r"getattr\([^)]*[\"'] *\+|getattr\([^)]*\+ *[\"']": "looks names up by pieces of text",
    r"\bsys\.modules\b|\bbuiltins\b|__builtins__": "touches the interpreter's modules or builtins",
    r"\bos\._exit\b|\bsys\.exit\b|\bexit\(\)|\bquit\(\)": "exits the kernel",
    r"\bopen\(|\bPath\(|\bshutil\.|\bos\.(remove|unlink|rmdir|system|popen)|\bsubprocess\b": "reads, writes or runs files",
    r"gradebook|\.db\b|solutions/|autograded": "looks for grading files",
    r"(np|numpy|checks|dlkit)\.[A-Za-z_]+\s*=[^=]": "replaces a library function",
    r"__eq__|__bool__|__array__|__float__": "defines comparison/conversion dunders",
}


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def release_sources(release_nb: Path) -> set[str]:
    """Sources of the code cells as released: code the learner did not write."""
    nb = json.loads(release_nb.read_text())
    return {_source(c).strip() for c in nb["cells"] if c.get("cell_type") == "code"}


def scan_answers(nb_path: Path, released: set[str] = frozenset()) -> list[str]:
    """Reasons to look at a submission by hand: what the learner's own code does that no answer needs.

    Only code cells that differ from the released ones are read (the learner's answers and any cells
    they added); `released` holds the released cells' sources.
    """
    try:
        nb = json.loads(nb_path.read_text(errors="replace"))
    except (json.JSONDecodeError, OSError):
        return []
    reasons = []
    for cell in nb.get("cells", []) if isinstance(nb, dict) else []:
        src = _source(cell)
        if cell.get("cell_type") != "code" or src.strip() in released:
            continue
        for pattern, why in SUSPICIOUS.items():
            if re.search(pattern, src) and why not in reasons:
                reasons.append(why)
    return reasons
