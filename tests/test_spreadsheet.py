"""Text safe to open in a spreadsheet: a frame's text cells prefixed, its numbers untouched."""

from __future__ import annotations

import pandas as pd

from wres.spreadsheet import spreadsheet_safe_frame


def test_frame_text_is_prefixed_and_numbers_are_not() -> None:
    frame = pd.DataFrame(
        {
            "name": ['=HYPERLINK("http://x","y")', "Medicine", None],
            "typed": pd.Series(["-2", pd.NA, "@SUM(A1)"], dtype="string"),
            "mixed": [1.5, "+1", float("nan")],
            "gap": [-2.5, 0.0, -0.1],
            "count": [3, -1, 0],
            "flag": [True, False, True],
        }
    )
    text = spreadsheet_safe_frame(frame).to_csv(index=False, lineterminator="\n")
    assert text.splitlines() == [
        "name,typed,mixed,gap,count,flag",
        '"\'=HYPERLINK(""http://x"",""y"")",\'-2,1.5,-2.5,3,True',
        "Medicine,,'+1,0.0,-1,False",
        ",'@SUM(A1),,-0.1,0,True",
    ]
    assert frame.loc[0, "name"] == '=HYPERLINK("http://x","y")', "the frame given is not changed"
