"""Vietnam's provinces before and after the 1 July 2025 merger (Resolution 202/2025/QH15)."""

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class ProvinceMap:
    effective: str  # ISO date the 34-province map took force
    old_to_new: dict[str, str]

    def today(self, province: str) -> str:
        """The province in force today that `province` is now part of (itself if unchanged)."""
        return self.old_to_new.get(province, province)

    def at(self, province: str, published: str | None) -> str:
        """The province an article was published in, given its paper's pre-merger province.

        A paper keeps printing its old name for a while, but an article published on or after
        the merger was published in the new province.
        """
        if published and published[:10] >= self.effective:
            return self.today(province)
        return province


@cache
def province_map() -> ProvinceMap:
    """Load the mapping shipped with the package (a copy of shared/corpus/provinces-2025.json)."""
    text = resources.files("khenthuong").joinpath("data/provinces-2025.json").read_text("utf-8")
    data = json.loads(text)
    return ProvinceMap(effective=data["effective"], old_to_new=data["old_to_new"])
