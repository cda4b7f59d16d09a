"""The catalog: ``[[models]]``, ``[[loras]]``, ``[[controlnets]]``, ``[[annotators]]`` and
``[[face_restorers]]`` tables from the settings file, inline settings and every file matched by
``catalog`` (``models/*.toml`` by default), checked and resolved at start-up.
"""

from __future__ import annotations

import glob
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import ValidationError

from imagegate.config.settings import Settings, config_file, describe_errors
from imagegate.domain.adapters import AnnotatorSpec, ControlNetSpec, FaceRestorerSpec, LoraSpec
from imagegate.domain.models import ModelSpec
from imagegate.domain.requests import Task
from imagegate.errors import ConfigError


@dataclass
class Catalog:
    """The models this server offers, by id."""

    models: dict[str, ModelSpec]
    default_id: str | None
    loras: dict[str, LoraSpec] = field(default_factory=dict)
    controlnets: dict[str, ControlNetSpec] = field(default_factory=dict)
    # ControlNet annotators ([[annotators]]): the first of a kind serves a request that names none.
    annotators: dict[str, AnnotatorSpec] = field(default_factory=dict)
    # Face restorers ([[face_restorers]]); the first listed is the one a request gets when it names none.
    face_restorers: dict[str, FaceRestorerSpec] = field(default_factory=dict)
    default_upscaler_id: str | None = None
    # Other names for catalog models (the ids third-party clients send by default, and the
    # settings' model_aliases on top), each → a catalog id.
    aliases: dict[str, str] = field(default_factory=dict)
    # Run-time entries that cannot serve yet (downloading, or a failed pull): id → why, with progress.
    pending: dict[str, str] = field(default_factory=dict)

    def get(self, model_id: str) -> ModelSpec | None:
        return self.models.get(model_id)

    def resolve(self, name: str) -> ModelSpec | None:
        """A model by catalog id or by alias."""
        return self.models.get(self.aliases.get(name, name))

    def aliases_of(self, model_id: str) -> list[str]:
        return sorted(alias for alias, target in self.aliases.items() if target == model_id)

    def default_for(self, task: Task) -> str | None:
        """The model a request for ``task`` gets when it names none: the default model if it can do
        the task, else the default upscaler (for upscaling), else the first model that can."""
        default = self.models.get(self.default_id or "")
        if default is not None and task in default.tasks:
            return default.id
        if task is Task.upscale and self.default_upscaler_id:
            return self.default_upscaler_id
        return next((spec.id for spec in self.models.values() if task in spec.tasks), None)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.models.values())

    def __len__(self) -> int:
        return len(self.models)


def _looks_local(source: str) -> bool:
    return source.startswith((".", "/", "~")) or source.endswith((".safetensors", ".ckpt", ".pt", ".pth", ".bin"))


def _resolve_path(value: str, base: Path) -> str:
    candidate = base / Path(value).expanduser()
    if candidate.exists() or _looks_local(value):
        return str(candidate.resolve())
    return value  # a hub id


_Entry = TypeVar("_Entry", ModelSpec, LoraSpec, ControlNetSpec, AnnotatorSpec, FaceRestorerSpec)


def _entry(cls: type[_Entry], raw: Any, origin: str, base: Path, table: str, index: int) -> _Entry:
    """One ``[[table]]`` entry, validated, with its local paths resolved against its file's folder."""
    kind = table[:-1]
    if not isinstance(raw, dict):
        raise ConfigError(f"{origin}: {table}[{index}] must be a table, got {type(raw).__name__}")
    label = raw.get("id", f"#{index}")
    try:
        spec = cls.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(f"{origin}: {kind} '{label}': {describe_errors(exc)}") from None
    if isinstance(spec, ModelSpec) and (spec.provider is not None or spec.route is not None):
        return spec  # a provider's model name or a route: no file to find
    updates: dict[str, Any] = {"source": _resolve_path(spec.source, base)}
    config = getattr(spec, "config", None)
    if config:
        updates["config"] = _resolve_path(config, base)
    spec = spec.model_copy(update=updates)
    if _looks_local(spec.source) and not Path(spec.source).exists():
        raise ConfigError(f"{origin}: {kind} '{label}': source: no such file or folder {spec.source}")
    return spec


def _catalog_tables(settings: Settings, table: str) -> list[tuple[str, Path, int, Any]]:
    """Every ``[[table]]`` entry: inline in the settings first, then from each catalog file."""
    entries: list[tuple[str, Path, int, Any]] = []
    for i, raw in enumerate(getattr(settings, table)):
        entries.append((str(config_file()), config_file().resolve().parent, i, raw))
    for pattern in settings.catalog:
        for name in sorted(glob.glob(pattern)):
            path = Path(name)
            try:
                doc = tomllib.loads(path.read_text())
            except (OSError, tomllib.TOMLDecodeError) as exc:
                raise ConfigError(f"{path}: cannot read catalog: {exc}") from None
            raw_entries = doc.get(table, [])
            if not isinstance(raw_entries, list):
                raise ConfigError(f"{path}: '{table}' must be an array of tables ([[{table}]])")
            for i, raw in enumerate(raw_entries):
                entries.append((str(path), path.resolve().parent, i, raw))
    return entries


def _load_adapters(settings: Settings, cls: type[_Entry], table: str) -> dict[str, _Entry]:
    found: dict[str, Any] = {}
    for origin, base, index, raw in _catalog_tables(settings, table):
        spec = _entry(cls, raw, origin, base, table, index)
        if spec.id in found:
            raise ConfigError(f"{origin}: {table[:-1]} '{spec.id}': id: defined twice in the catalog")
        found[spec.id] = spec
    return found


def _check_references(models: dict[str, ModelSpec], default_upscaler: str | None) -> None:
    for spec in models.values():
        if spec.inpaint_model is None:
            continue
        target = models.get(spec.inpaint_model)
        if target is None or Task.inpaint not in target.tasks:
            raise ConfigError(
                f"model '{spec.id}': inpaint_model: '{spec.inpaint_model}' is not a catalog model with task inpaint"
            )
    if default_upscaler is not None:
        target = models.get(default_upscaler)
        if target is None or Task.upscale not in target.tasks:
            raise ConfigError(f"default_upscaler: '{default_upscaler}' is not a catalog model with task upscale")


def load_catalog(settings: Settings, *, supported_tasks: dict[str, set[str]] | None = None) -> Catalog:
    """Read every catalog file. ``supported_tasks`` maps engine name → tasks it implements;
    entries naming an unknown engine or a task their engine lacks are rejected at start-up."""
    entries = _catalog_tables(settings, "models")
    models: dict[str, ModelSpec] = {}
    for origin, base, index, raw in entries:
        spec = _entry(ModelSpec, raw, origin, base, "models", index)
        if spec.id in models:
            raise ConfigError(f"{origin}: model '{spec.id}': id: defined twice in the catalog")
        if supported_tasks is not None:
            if spec.engine not in supported_tasks:
                known = ", ".join(sorted(supported_tasks))
                raise ConfigError(
                    f"{origin}: model '{spec.id}': engine: unknown engine '{spec.engine}' (known: {known})"
                )
            missing = [t.value for t in spec.tasks if t.value not in supported_tasks[spec.engine]]
            if missing:
                raise ConfigError(
                    f"{origin}: model '{spec.id}': tasks: engine '{spec.engine}' does not support {', '.join(missing)}"
                )
        models[spec.id] = spec
    for alias, target in settings.model_aliases.items():
        if target not in models:
            raise ConfigError(f"model_aliases: '{alias}' points to '{target}', which is not in the catalog")
    default_id = settings.default_model
    if default_id is not None and default_id not in models:
        raise ConfigError(f"default_model: '{default_id}' is not in the catalog")
    if default_id is None and models:
        # An upscaler listed first must not become the model of plain text-to-image requests.
        default_id = next((s.id for s in models.values() if Task.txt2img in s.tasks), next(iter(models)))
    _check_references(models, settings.default_upscaler)
    upscaler = settings.default_upscaler or next((s.id for s in models.values() if Task.upscale in s.tasks), None)
    return Catalog(
        models=models,
        default_id=default_id,
        loras=_load_adapters(settings, LoraSpec, "loras"),
        controlnets=_load_adapters(settings, ControlNetSpec, "controlnets"),
        annotators=_load_adapters(settings, AnnotatorSpec, "annotators"),
        face_restorers=_load_adapters(settings, FaceRestorerSpec, "face_restorers"),
        default_upscaler_id=upscaler,
        aliases=_aliases(models, default_id, upscaler, settings.model_aliases),
    )


# The model ids third-party clients send when their user names none (the openai package's examples,
# modelslab-py's schema defaults, ModelsLab's docs), so that they work unchanged: each → the
# catalog's default model for what that id does.
CLIENT_DEFAULT_IDS = {
    "txt2img": ("dall-e-2", "dall-e-3", "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5"),
    "upscale": ("ultra_resolution", "realesr-general-x4v3", "RealESRGAN_x4plus"),
}


def _aliases(
    models: dict[str, ModelSpec], default_id: str | None, upscaler: str | None, configured: dict[str, str]
) -> dict[str, str]:
    """Built-in aliases for client defaults (never shadowing a catalog id), then the configured ones."""
    targets = {"txt2img": default_id, "upscale": upscaler}
    aliases = {
        alias: target
        for kind, names in CLIENT_DEFAULT_IDS.items()
        if (target := targets[kind]) is not None
        for alias in names
        if alias not in models
    }
    return aliases | configured
