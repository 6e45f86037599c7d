"""IPC codes deleted by IPC revisions, mapped to the current (IPC 2026.01) codes that took over their subject matter.
Pure Python.

Why: exports carry the IPC symbols printed on the document, so a 2019 publication still says `G06K9/00` or
`G05D1/02`; the SEI concordance (and the CNIPA 2026.01 titles) only know current symbols, so an old symbol finds
nothing until it is mapped. See docs/indicators.md, "战略性新兴产业分类 (SEI) matching".

Source and method: no IPC Revision Concordance List (WIPO RCL) is in the shared reference data (checked:
cn-ipc-zh-2026, ipc-en-wipo, cn-sei-concordance, us-uspto-samples/cpc*), so this table was built by hand for the
deleted symbols that actually occur in the shared exports (cn-patent-container: symbols present in the exports, in the
pre-2023 English IPC `ipc-en-wipo/all_ipc.csv` or older, and absent from IPC 2026.01). For each, the successor groups
were chosen by matching the old English title with the new Chinese titles of the IPC 2026.01 edition
(`cn-ipc-zh-2026`), in the edition that deleted the old symbol. Targets are main groups or the one subgroup whose
title restates the old one; where the RCL spreads a symbol over many groups we name the main groups. Every target
exists in IPC 2026.01 (tests/patents/test_sei.py checks them against the Chinese table).

Symbols that are absent from the cn-ipc-zh-2026 copy but were NOT deleted (the copy lacks ~3% of subgroups, e.g.
F16D48/02, C09D7/61, G01R31/3842, G06F16/9537, E05F15/611) are deliberately not listed.
"""

from __future__ import annotations

from zhichan.patents import ipc

# edition -> {deleted symbol -> current symbols}
_BY_EDITION: dict[str, dict[str, list[str]]] = {
    # IPC 2006.01 (reform): B60K41 (conjoint control of vehicle sub-units) became the new subclass B60W.
    "2006.01": {
        "B60K41/00": ["B60W10/00", "B60W30/00"],
    },
    # IPC 2007.10: hybrid-vehicle groups B60K6/02-6/04 replaced by B60K6/20 (electric motors and combustion engines).
    "2007.10": {
        "B60K6/02": ["B60K6/20"],
        "B60K6/04": ["B60K6/20"],
    },
    # IPC 2010.01: F01N7 (exhaust conduits) moved to F01N13.
    "2010.01": {
        "F01N7/08": ["F01N13/08"],
    },
    # IPC 2014.01: battery heating/cooling H01M10/50 moved to H01M10/60.
    "2014.01": {
        "H01M10/50": ["H01M10/60"],
    },
    # IPC 2016.01: wireless power H02J17/00 -> new main group H02J50/00; EGR F02M25/07 -> new main group F02M26/00.
    "2016.01": {
        "H02J17/00": ["H02J50/00"],
        "F02M25/07": ["F02M26/00"],
    },
    # IPC 2018.01: vehicle headlamps F21S8/10-8/12 -> F21S41/00; seat details and head-rests B60N2/44, 2/48 ->
    # B60N2/90, 2/80; stereoscopic reproducers H04N13/04 -> H04N13/30; H04W4 and H04W76 restructured.
    "2018.01": {
        "F21S8/12": ["F21S41/00"],
        "B60N2/44": ["B60N2/90"],
        "B60N2/48": ["B60N2/80"],
        "H04N13/04": ["H04N13/30"],
        "H04W4/04": ["H04W4/33", "H04W4/40"],
        "H04W4/22": ["H04W4/90"],
        "H04W76/02": ["H04W76/10"],
        "H04W76/04": ["H04W76/20"],
    },
    # IPC 2019.01: B60L11 (electric propulsion with power supplied within the vehicle) -> B60L50, charging -> B60L53,
    # battery monitoring -> B60L58; G06F17/30 (information retrieval) -> G06F16/00.
    "2019.01": {
        "B60L11/00": ["B60L50/00"],
        "B60L11/02": ["B60L50/10"],
        "B60L11/08": ["B60L50/13"],
        "B60L11/12": ["B60L50/15"],
        "B60L11/14": ["B60L50/16"],
        "B60L11/18": ["B60L50/50", "B60L53/00", "B60L58/00"],
        "G06F17/30": ["G06F16/00"],
    },
    # IPC 2020.01: CAD G06F17/50 -> G06F30/00; 3D optics G02B27/22 -> G02B30/00; LED driving circuits H05B33/08 ->
    # H05B45/00, H05B47/00; short-circuit testing G01R31/02 -> G01R31/50.
    "2020.01": {
        "G06F17/50": ["G06F30/00"],
        "G02B27/22": ["G02B30/00"],
        "H05B33/08": ["H05B45/00", "H05B47/00"],
        "G01R31/02": ["G01R31/50"],
    },
    # IPC 2021.01: battery non-active parts H01M2 -> new main group H01M50; EEG A61B5/0476 -> A61B5/369; electric
    # valve drives F01L9/04 -> F01L9/20.
    "2021.01": {
        "H01M2/00": ["H01M50/00"],
        "H01M2/02": ["H01M50/10"],
        "H01M2/04": ["H01M50/147"],
        "H01M2/10": ["H01M50/20"],
        "H01M2/12": ["H01M50/30"],
        "H01M2/14": ["H01M50/40"],
        "H01M2/16": ["H01M50/409"],
        "H01M2/20": ["H01M50/50"],
        "H01M2/24": ["H01M50/502"],
        "H01M2/34": ["H01M50/572"],
        "A61B5/0476": ["A61B5/369"],
        "F01L9/04": ["F01L9/20"],
    },
    # IPC 2022.01: G06K9 (pattern and image recognition) -> new subclass G06V and new main group G06F18/00 (pattern
    # recognition); H04L29 and the H04L12/24-12/955 packet-network groups -> new main groups H04L9/40, H04L41-H04L69;
    # mixers B01F11, B01F13 -> B01F31, B01F33.
    "2022.01": {
        "G06K9/00": ["G06V10/00", "G06V20/00", "G06V30/00", "G06V40/00"],
        "G06K9/20": ["G06V10/10", "G06V30/14"],
        "G06K9/32": ["G06V10/24", "G06V30/146"],
        "G06K9/34": ["G06V10/26", "G06V30/148"],
        "G06K9/46": ["G06V10/40"],
        "G06K9/62": ["G06F18/00", "G06V10/70"],
        "G06K9/78": ["G06V10/94"],
        "H04L29/00": ["H04L69/00"],
        "H04L29/06": ["H04L9/40", "H04L65/00", "H04L69/00"],
        "H04L29/08": ["H04L67/00", "H04L69/32"],
        "H04L29/12": ["H04L61/00", "H04L69/00"],
        "H04L12/24": ["H04L41/00"],
        "H04L12/26": ["H04L43/00"],
        "H04L12/58": ["H04L51/00"],
        "H04L12/70": ["H04L45/00", "H04L47/00", "H04L49/00"],
        "B01F11/00": ["B01F31/00"],
        "B01F13/10": ["B01F33/80"],
    },
    # IPC 2023.01: TV cameras H04N5/222-5/247 -> new main group H04N23/00, solid-state image sensors H04N5/335-5/378
    # -> H04N25/00; organic devices H01L51, H01L27/32 -> new subclass H10K; piezoelectric H01L41 -> H10N30;
    # radio resource priority H04W72/10 -> H04W72/56; the subgroups of multistep water treatment C02F9/02-9/14 were
    # folded back into C02F9/00.
    "2023.01": {
        "H04N5/225": ["H04N23/00"],
        "H04N5/232": ["H04N23/60"],
        "H04N5/235": ["H04N23/70"],
        "H04N5/243": ["H04N23/76"],
        "H04N5/247": ["H04N23/90"],
        "H04N5/357": ["H04N25/60"],
        "H04N5/374": ["H04N25/76"],
        "H01L51/00": ["H10K99/00"],
        "H01L51/05": ["H10K10/00"],
        "H01L51/30": ["H10K85/00"],
        "H01L51/40": ["H10K71/00"],
        "H01L51/42": ["H10K30/00"],
        "H01L51/48": ["H10K71/00"],
        "H01L51/50": ["H10K50/00"],
        "H01L51/52": ["H10K50/80"],
        "H01L51/54": ["H10K85/00"],
        "H01L51/56": ["H10K71/00"],
        "H01L27/32": ["H10K59/00"],
        "H01L41/00": ["H10N30/00"],
        "H01L41/09": ["H10N30/20"],
        "H04W72/10": ["H04W72/56"],
        "C02F9/02": ["C02F9/00"],
        "C02F9/10": ["C02F9/00"],
        "C02F9/12": ["C02F9/00"],
    },
    # IPC 2024.01: G05D1 (vehicle position/course/attitude control) regrouped into G05D1/20-1/87; G06Q50/28-50/32 ->
    # G06Q10/08, G06Q50/40-50/60; dashboards B60K37/02-37/06 -> B60K35 (instruments, input arrangements);
    # catalysts by surface properties B01J35/10 -> B01J35/60; power-plant mountings B64D27/26 -> B64D27/40.
    "2024.01": {
        "G05D1/02": ["G05D1/43"],
        "G05D1/03": ["G05D1/43", "G05D1/244"],
        "G05D1/04": ["G05D1/48"],
        "G05D1/06": ["G05D1/485"],
        "G05D1/08": ["G05D1/49"],
        "G05D1/10": ["G05D1/46"],
        "G05D1/12": ["G05D1/683", "G05D1/686"],
        "G06Q50/28": ["G06Q10/08"],
        "G06Q50/30": ["G06Q50/40", "G06Q50/50"],
        "G06Q50/32": ["G06Q50/50", "G06Q50/60"],
        "B60K37/02": ["B60K35/60"],
        "B60K37/04": ["B60K35/00"],
        "B60K37/06": ["B60K35/10"],
        "B01J35/10": ["B01J35/60"],
        "B64D27/26": ["B64D27/40"],
    },
    # IPC 2025.01: aircraft traffic control G08G5/02-5/06 regrouped into G08G5/20-5/90; inorganic semiconductor
    # devices leave H01L: transistors and device bodies H01L29 -> new subclass H10D, photosensitive devices
    # H01L31 and imagers H01L27/146 -> H10F, LEDs H01L33 and H01L27/15 -> H10H, integrated circuits H01L27 -> H10D84,
    # H10D86.
    "2025.01": {
        "G08G5/02": ["G08G5/54"],
        "G08G5/04": ["G08G5/80"],
        "G08G5/06": ["G08G5/51"],
        "H01L29/00": ["H10D62/00", "H10D64/00"],
        "H01L29/78": ["H10D30/60"],
        "H01L29/47": ["H10D64/00"],
        "H01L31/00": ["H10F"],
        "H01L33/00": ["H10H20/00"],
        "H01L27/00": ["H10D84/00"],
        "H01L27/092": ["H10D84/85"],
        "H01L27/12": ["H10D86/00"],
        "H01L27/146": ["H10F39/00"],
        "H01L27/15": ["H10H29/00"],
    },
    # IPC 2026.01: the rest of H01L goes: manufacturing processes H01L21 -> new subclass H10P, packaging and other
    # structural details H01L23, assemblies H01L25 -> new subclass H10W (subclass level here: the group
    # concordance is in the WIPO RCL, not in the shared data).
    "2026.01": {
        "H01L21/00": ["H10P"],
        "H01L23/00": ["H10W"],
        "H01L25/00": ["H10W"],
    },
}

# Main groups deleted together with all their subgroups: a subgroup not listed above takes its main group's targets.
_WHOLE_GROUPS = frozenset({
    "B60K41/00", "B60L11/00", "H01M2/00", "G06K9/00", "H04L29/00", "H01L51/00", "H01L41/00", "H01L29/00",
    "H01L31/00", "H01L33/00", "H01L27/00", "H01L21/00", "H01L23/00", "H01L25/00",
})

# Packet-switching subgroups H04L12/70-12/955 (deleted 2022.01), by their place in the old subgroup order (IPC
# subgroup numbers sort as decimals: /70 < /721 < /78 < /801): routing -> H04L45, traffic control -> H04L47,
# switching elements -> H04L49.
_H04L12_PACKET = ((0.70, 0.781, "H04L45/00"), (0.801, 0.927, "H04L47/00"), (0.931, 0.955, "H04L49/00"))

REVISED: dict[str, list[str]] = {old: new for table in _BY_EDITION.values() for old, new in table.items()}
EDITION: dict[str, str] = {old: edition for edition, table in _BY_EDITION.items() for old in table}


def _packet_switching(code: str) -> tuple[str, list[str]] | None:
    if not code.startswith("H04L12/"):
        return None
    place = float("0." + code.split("/")[1])
    for low, high, target in _H04L12_PACKET:
        if low <= place <= high:
            return "2022.01", [target]
    return None


def lookup(code: str) -> tuple[str, list[str]] | None:
    """(edition that deleted it, current codes) for a deleted symbol, or None for a current one."""
    if code in REVISED:
        return EDITION[code], REVISED[code]
    group = ipc.main_group(code)
    if group in _WHOLE_GROUPS and group != code:
        return EDITION[group], REVISED[group]
    return _packet_switching(code)


def current_codes(code: str) -> list[str]:
    """The current symbols for `code`: its successors if an IPC revision deleted it, else `[code]`."""
    found = lookup(code)
    return list(found[1]) if found else [code]


def revision(code: str) -> str | None:
    """The IPC edition that deleted `code`, or None."""
    found = lookup(code)
    return found[0] if found else None
