"""Sort the actors of a relations diagram into two sides and an order that keeps lines short.

Allies always share a side: alliances are merged first (union-find) into blocs.
Blocs are then split in two so that as few opposed blocs as possible share a
side: exactly, by trying every split, when a group has at most 14 blocs, else
greedily. Within a side, blocs stay together and are ordered by where their
partners sit (barycentre sweeps), so most lines run across rather than up and
down. Everything is deterministic: ties fall back to the sheet's order.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

EXACT_LIMIT = 14
SAME_SIDE = ("allied", "part_of")  # a ministry sits beside its government, as an ally beside its ally
SWEEPS = 8


@dataclass(frozen=True)
class Link:
    """An undirected relation between two actor ids: 'allied', 'opposed' or 'part_of' (first is part of second)."""

    first: str
    second: str
    kind: str


@dataclass(frozen=True)
class Group:
    """A connected group of actors laid out as a left and a right column, top to bottom."""

    left: tuple[str, ...]
    right: tuple[str, ...]


def arrange(order: list[str], links: list[Link]) -> list[Group]:
    """Split the linked actors into connected groups, biggest first, each in two ordered columns."""
    rank = {actor: index for index, actor in enumerate(order)}
    groups = []
    for members in _components(order, links):
        inside = [link for link in links if link.first in members]
        left, right = _two_sides(members, inside, rank)
        groups.append(_ordered(left, right, inside, rank))
    return groups


def _components(order: list[str], links: list[Link]) -> list[list[str]]:
    neighbours: dict[str, set[str]] = {}
    for link in links:
        neighbours.setdefault(link.first, set()).add(link.second)
        neighbours.setdefault(link.second, set()).add(link.first)
    seen: set[str] = set()
    components = []
    for actor in order:
        if actor in neighbours and actor not in seen:
            stack, members = [actor], []
            seen.add(actor)
            while stack:
                current = stack.pop()
                members.append(current)
                for other in sorted(neighbours[current] - seen, key=order.index):
                    seen.add(other)
                    stack.append(other)
            components.append(sorted(members, key=order.index))
    return sorted(components, key=lambda members: (-len(members), order.index(members[0])))


def _blocs(members: list[str], links: list[Link]) -> list[list[str]]:
    """Merge allies into blocs (union-find), each listed in sheet order, blocs in order of their first member."""
    parent = {actor: actor for actor in members}

    def root(actor: str) -> str:
        while parent[actor] != actor:
            parent[actor] = parent[parent[actor]]
            actor = parent[actor]
        return actor

    for link in links:
        if link.kind in SAME_SIDE:
            parent[root(link.second)] = root(link.first)
    blocs: dict[str, list[str]] = {}
    for actor in members:
        blocs.setdefault(root(actor), []).append(actor)
    return list(blocs.values())


def _two_sides(members: list[str], links: list[Link], rank: dict[str, int]) -> tuple[list[str], list[str]]:
    """Put each bloc on the left or right so that opposed blocs face each other wherever they can."""
    blocs = _blocs(members, links)
    bloc_of = {actor: index for index, bloc in enumerate(blocs) for actor in bloc}
    pairs = {tuple(sorted((bloc_of[link.first], bloc_of[link.second]))) for link in links if link.kind == "opposed"}
    enemies = [(a, b) for a, b in sorted(pairs) if a != b]
    sizes = [len(bloc) for bloc in blocs]
    exact = len(blocs) <= EXACT_LIMIT
    sides = _best_split(len(blocs), enemies, sizes) if exact else _greedy_split(len(blocs), enemies)
    left = [actor for index, bloc in enumerate(blocs) if sides[index] == 0 for actor in bloc]
    right = [actor for index, bloc in enumerate(blocs) if sides[index] == 1 for actor in bloc]
    return sorted(left, key=rank.get), sorted(right, key=rank.get)


def _best_split(count: int, enemies: list[tuple[int, int]], sizes: list[int]) -> tuple[int, ...]:
    """Try every split with the first bloc on the left: fewest opponents sharing a side, then the most even sides."""
    if not enemies:
        return (0,) * count
    best, best_score = (0,) * count, None
    for rest in itertools.product((0, 1), repeat=count - 1):
        sides = (0, *rest)
        clashes = sum(sides[a] == sides[b] for a, b in enemies)
        lean = abs(sum(size if side else -size for size, side in zip(sizes, sides, strict=True)))
        if best_score is None or (clashes, lean) < best_score:
            best, best_score = sides, (clashes, lean)
    return best


def _greedy_split(count: int, enemies: list[tuple[int, int]]) -> tuple[int, ...]:
    """Place blocs one by one on the side where fewer of their opponents already are."""
    sides: list[int] = []
    for index in range(count):
        against = [0, 0]
        for a, b in enemies:
            other = b if a == index else a if b == index else None
            if other is not None and other < index:
                against[sides[other]] += 1
        sides.append(0 if against[0] <= against[1] else 1)
    return tuple(sides)


def _ordered(left: list[str], right: list[str], links: list[Link], rank: dict[str, int]) -> Group:
    """Order each column by the mean position of each actor's partners, blocs kept together."""
    blocs = {actor: index for index, bloc in enumerate(_blocs(left + right, links)) for actor in bloc}
    partners: dict[str, list[str]] = {actor: [] for actor in left + right}
    for link in links:
        partners[link.first].append(link.second)
        partners[link.second].append(link.first)
    columns = [left, right]
    for sweep in range(SWEEPS):
        position = {actor: index / max(1, len(column) - 1) for column in columns for index, actor in enumerate(column)}
        side = sweep % 2
        columns[side] = _by_barycentre(columns[side], partners, position, blocs, rank)
    return Group(tuple(columns[0]), tuple(columns[1]))


def _by_barycentre(column, partners, position, blocs, rank) -> list[str]:
    """Order blocs by where their partners sit; within a bloc walk its alliances, so allies sit next to allies."""

    def centre(actor: str) -> float:
        placed = [position[other] for other in partners[actor]]
        return sum(placed) / len(placed) if placed else position[actor]

    members: dict[int, list[str]] = {}
    for actor in column:
        members.setdefault(blocs[actor], []).append(actor)
    order = sorted(members, key=lambda bloc: (sum(map(centre, members[bloc])) / len(members[bloc]), bloc))
    key = {actor: (centre(actor), rank[actor]) for actor in column}
    return [actor for bloc in order for actor in _walk(members[bloc], partners, key)]


def _walk(members: list[str], partners: dict[str, list[str]], key: dict) -> list[str]:
    """Visit a bloc depth first along its alliances, from its topmost member, nearer partners first."""
    inside = set(members)
    seen: list[str] = []
    stack = [min(members, key=key.get)]
    while stack:
        actor = stack.pop()
        if actor in seen:
            continue
        seen.append(actor)
        nexts = sorted((other for other in partners[actor] if other in inside and other not in seen), key=key.get)
        stack += reversed(nexts)
    return seen + sorted((actor for actor in members if actor not in seen), key=key.get)
