"""Copy the nhsuk-frontend distribution into the package's static files, made fit to serve from this machine.

``python -m wres.web.assets SOURCE`` (run by ``make setup``) copies the minified CSS and JavaScript and the images
from ``node_modules/nhsuk-frontend/dist/nhsuk`` into :data:`wres.web.paths.ASSETS`, and changes the CSS in two ways:

* ``@font-face`` rules are removed: they load the licensed Frutiger font from assets.nhs.uk, and the dashboard
  sends no request off the machine (its Content-Security-Policy would refuse them anyway). The design system's
  font stack falls back to Arial, as NHS.UK pages do where Frutiger is unavailable.
* root-relative image URLs (``url(/assets/…)``) become relative to the stylesheet, which is served under
  ``/static/nhsuk/``.

Source-map comments are removed from both files (the maps are not copied, and the production static files storage
refuses references to files that do not exist).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import Final

from wres.web.paths import ASSETS

FILES: Final = ("nhsuk-frontend.min.css", "nhsuk-frontend.min.js")
FONT_FACE: Final = re.compile(r"@font-face\s*\{[^}]*\}")
ROOT_ASSET: Final = re.compile(r"url\((['\"]?)/assets/")
SOURCE_MAP: Final = re.compile(r"\n?(?://# sourceMappingURL=[^\n]*|/\*# sourceMappingURL=[^*]*\*/)\s*$")


def localise_css(css: str) -> str:
    """The stylesheet without external fonts and with asset URLs relative to itself."""
    return SOURCE_MAP.sub("", ROOT_ASSET.sub(r"url(\1assets/", FONT_FACE.sub("", css)))


def copy_assets(source: Path, dest: Path = ASSETS) -> None:
    """Copy the distribution at ``source`` to ``dest`` (replacing it)."""
    missing = [f for f in (*FILES, "assets") if not (source / f).exists()]
    if missing:
        raise SystemExit(f"error: {source} lacks {', '.join(missing)} (run `npm ci`)")
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copytree(source / "assets", dest / "assets")
    js = (source / FILES[1]).read_text(encoding="utf-8")
    (dest / FILES[1]).write_text(SOURCE_MAP.sub("", js), encoding="utf-8")
    css = (source / FILES[0]).read_text(encoding="utf-8")
    (dest / FILES[0]).write_text(localise_css(css), encoding="utf-8")


if __name__ == "__main__":
    copy_assets(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("node_modules/nhsuk-frontend/dist/nhsuk"))
