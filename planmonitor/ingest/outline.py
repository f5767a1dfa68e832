"""The plan's outline as stage 4 builds it: priorities, goals, tasks, measure drafts.

``Builder`` is the reading position (current priority, higher goal, goal, task,
code prefix) and the rules that move it: a goal repeated on the next row is the
same goal; "Цел I" is a higher goal; a number already used in the priority after
a heading naming an institution gives the codes that institution's abbreviation
as a prefix; a line naming a goal alone counts as one only if measures follow.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planmonitor.ingest import messages
from planmonitor.ingest.cells import GRID_FORMATS
from planmonitor.ingest.codes import ROMAN
from planmonitor.ingest.model import Place, ReadWarning
from planmonitor.ingest.row_items import fold, fold_lines, sentence_case, split_stacked


@dataclass(frozen=True)
class TaskNode:
    code: str | None
    title: str


@dataclass(frozen=True)
class GoalNode:
    code: str | None
    title: str
    parent: str | None
    tasks: tuple[TaskNode, ...] = ()


@dataclass(frozen=True)
class PriorityNode:
    name: str | None
    operational_objective: str | None
    goals: tuple[GoalNode, ...] = ()


@dataclass(frozen=True)
class MeasureDraft:
    """A measure before its values are parsed: the cell texts its row gave it, by role."""

    code: str | None
    text: str
    priority: str | None
    goal: str | None
    task: str | None
    cells: tuple[tuple[str, str], ...]
    place: Place


@dataclass(frozen=True)
class PlanStructure:
    """Stage 4's result."""

    source: str
    title: str | None
    priorities: tuple[PriorityNode, ...]
    measures: tuple[MeasureDraft, ...]
    warnings: tuple[ReadWarning, ...] = ()
    municipality_hint: str | None = None  # the first "Община X" of the text before the plan, when the title names none


@dataclass
class _Goal:
    code: str | None
    title: str
    parent: str | None
    place: Place
    quoted: bool = False
    guessed: bool = False  # a line without "Цел" or a number, read as a goal because measures follow it
    tasks: list[TaskNode] = field(default_factory=list)
    measures: int = 0


@dataclass
class _Priority:
    name: str | None
    objective: str | None = None
    goals: list[_Goal] = field(default_factory=list)
    from_sheet: bool = False
    measures: int = 0
    codes: set = field(default_factory=set)  # measure codes used, to see a section restart its numbering


class Builder:
    """The reading position: current priority, higher goal, goal, task, code prefix."""

    def __init__(self, source: str, lang: str, format: str = "text") -> None:
        self.source = source
        self.lang = lang
        self.format = format
        self.title: str | None = None
        self.priorities: list[_Priority] = []
        self.higher: str | None = None
        self.goal: _Goal | None = None
        self.task: TaskNode | None = None
        self.section: tuple[str, str] | None = None  # (heading, abbreviation) just read
        self.prefix: str | None = None
        self.measures: list[MeasureDraft] = []
        self.warnings: list[ReadWarning] = []
        self.after_heading = False  # a goal heading was the last thing read
        self.municipality_hint: str | None = None
        self.awaiting: str | None = None  # "priority" or "goal": a bare heading whose name is the next line
        self.fallback_title: str | None = None  # a paragraph naming a plan and a year, if no title is found
        self.pending: tuple[str, Place] | None = None  # a line that names a goal if measures follow it
        # (measure position, role) -> the value an unruled merged cell above may give that empty cell
        self.merged_down: dict[tuple[int, str], str] = {}

    # -- headings -----------------------------------------------------------
    def priority(self) -> _Priority:
        if not self.priorities:
            self.priorities.append(_Priority(None))
        return self.priorities[-1]

    def open_priority(self, name: str) -> None:
        self.pending = None
        self.priorities.append(_Priority(sentence_case(name)))
        self.higher = self.goal = self.task = self.section = self.prefix = None

    def open_goal(self, code: str | None, title: str, place: Place, from_heading: bool) -> None:
        title = fold(title)
        self.pending = None
        if self._same_goal(code, title, from_heading):
            return
        if code and ROMAN.match(code):  # "Цел I": a higher goal
            self.higher = code
            self.after_heading = from_heading
            self.goal = _Goal(code, title, None, place)
            self.priority().goals.append(self.goal)
            self.task = None
            return
        code = self._prefixed(code, place, from_heading)
        self.after_heading = from_heading
        used = {g.code for g in self.priority().goals}
        parent = self.higher
        if code and "." in code and code.rsplit(".", 1)[0] in used:
            parent = code.rsplit(".", 1)[0]  # "Специфична цел 1.2" under "Стратегическа цел 1"
        self.goal = _Goal(code, title, parent, place, quoted=from_heading and code in used)
        self.priority().goals.append(self.goal)
        self.task = None

    def _same_goal(self, code: str | None, title: str, from_heading: bool) -> bool:
        """The goal just read, repeated on the next row (a flat register, a merged cell copied down)."""
        goal = self.goal
        if goal is None or from_heading:
            return False
        if code is not None:
            return goal.code in (code, self._with_prefix(code)) and (not title or not goal.title or title == goal.title)
        return bool(title) and goal.code is None and title == goal.title

    def _with_prefix(self, code: str | None) -> str | None:
        if code and self.prefix and not code.startswith(f"{self.prefix}-"):
            return f"{self.prefix}-{code}"
        return code

    def _restarts(self, code: str, used: set, place: Place) -> None:
        """A number already used in this priority, after a heading naming an institution:
        the heading's abbreviation becomes the codes' prefix from here on."""
        if self.section and code in used and "-" not in code:
            heading, abbreviation = self.section
            self.prefix = abbreviation
            self.section = None
            self.warnings.append(messages.warning(place, "prefixed_codes", self.lang, heading=heading, prefix=abbreviation))
            goal = self.goal
            if goal is not None and goal.quoted and goal.code and "-" not in goal.code:
                goal.code, goal.quoted = f"{abbreviation}-{goal.code}", False  # its heading repeated a number too

    def _prefixed(self, code: str | None, place: Place, from_heading: bool) -> str | None:
        if code is None:
            return None
        if not from_heading:  # a goal heading repeating a number may be a quotation: its measures decide
            self._restarts(code, {g.code for g in self.priority().goals}, place)
        return self._with_prefix(code)

    def open_task(self, code: str | None, title: str) -> None:
        code = self._with_prefix(code)
        title = fold(title)
        if self.task is not None and (
            (code is not None and code == self.task.code) or (code is None and title and title == self.task.title)
        ):
            return  # the same task repeated on the next row
        if self.pending is not None:  # the line before the task names its goal
            text, place = self.pending
            self.open_goal(None, text, place, from_heading=False)
            self.goal.guessed = True
        if self.goal is None:  # tasks without a goal above them hang under an unnamed goal
            self.open_goal(None, "", Place(self.source), from_heading=False)
        self.task = TaskNode(code, fold(title))
        self.goal.tasks.append(self.task)

    def extend_goal(self, text: str) -> None:
        if self.goal is not None:
            self.goal.title = fold(f"{self.goal.title} {text}")

    def extend_task(self, text: str) -> None:
        if self.task is not None and self.goal is not None:
            extended = TaskNode(self.task.code, fold(f"{self.task.title} {text}"))
            self.goal.tasks[self.goal.tasks.index(self.task)] = extended
            self.task = extended

    # -- measures -----------------------------------------------------------
    def add_measures(self, items: list[tuple[str | None, str]], cells: dict[str, str], place: Place) -> None:
        shared = {role: split_stacked(text, len(items)) for role, text in cells.items()}
        if items and items[0][0]:
            self._restarts(items[0][0], self.priority().codes, place)
        goal = (self.goal.code or self.goal.title or None) if self.goal else None
        for index, (code, text) in enumerate(items):
            code = self._with_prefix(code)
            if code:
                self.priority().codes.add(code)
            if self.goal is not None and self.goal.guessed:
                self.warnings.append(messages.warning(place, "guessed_goal", self.lang, code, "goal",
                                                      index=len(self.measures), text=self.goal.title))
            own = tuple((role, parts[index]) for role, parts in shared.items())
            task = self.task.code if self.task else None
            # A DOCX or XLSX cell's line breaks are the author's (the review splits a glued measure there);
            # in a PDF or a text dump they are where the column wrapped.
            text = fold_lines(text) if self.format in GRID_FORMATS else fold(text)
            self.measures.append(MeasureDraft(code, text, self.priority().name, goal, task, own, place))
            self.priority().measures += 1
            if self.goal is not None:
                self.goal.measures += 1

