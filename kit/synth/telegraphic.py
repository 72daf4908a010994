"""Telegraphic ICU nursing shorthand: system-by-system findings, reasons, plans (none of it is PHI).

Written for the synthetic corpus in the clipped register of real ICU flowsheet notes ("LS CLEAR BILAT",
"UOP 30-50CC/HR VIA FOLEY", "neuro- a&ox3, mae"). The kind that uses it
(:mod:`kit.synth.kinds.telegraphic_nursing_note`) converts every note wholly to upper or lower case, so the
mixed case here is only for reading. Ratios that look like dates ("5/5", "1/2 NS", "28/1.4") are here on
purpose: they are not dates and carry no span.
"""

from __future__ import annotations

#: Findings per body system, in the order notes list the systems.
SYSTEMS: dict[str, tuple[str, ...]] = {
    "NEURO": (
        "A&Ox3, MAE, follows commands",
        "alert, oriented x3, MAE, PERRL 3mm brisk",
        "sedated on propofol 20 mcg/kg/min, opens eyes to voice, MAE to command",
        "5/5 strength all ext, no focal deficits",
        "lethargic but arousable, oriented to self only, restless at times",
        "c/o incisional pain 5/10, percocet 1 tab w/ relief",
        "no sz activity noted, sz precautions maintained",
        "CAM-ICU neg",
        "fentanyl gtt at 50 mcg/hr, RASS -1",
        "pupils equal and reactive, gag/cough intact",
        "grips equal bilat, wiggles toes on command",
        "dilaudid 0.5 mg IV x2 for back pain w/ good effect",
    ),
    "CV": (
        "NSR 80s-90s, no ectopy",
        "SR 70s w/ occ PVCs",
        "AFIB 100s-120s, lopressor 5 mg IV x1 w/ rate to 90s",
        "SBP 90s-110s on neo gtt 0.5 mcg/kg/min, cont neo gtt, wean as tol",
        "BP stable off pressors since 0400",
        "K 3.4 repleted w/ 40 meq KCL PO, Mg 1.8 repleted w/ 2 gm IV",
        "+2 pedal pulses bilat, feet warm",
        "CVP 8-12, A-line R radial w/ good waveform",
        "epicardial wires capped and dry",
        "+1 edema BLE",
        "HR 110s ST, team aware",
        "CT to sxn -20 cm, 40 cc serosang drainage this shift, no air leak",
        "heparin gtt at 900 units/hr, PTT 64, no change per protocol",
    ),
    "RESP": (
        "LS clear bilat",
        "LS coarse upper lobes, diminished at bases",
        "on 4L NC, sats 95-98%",
        "on 50% face tent, sats 93-96%",
        "intubated on AC 500 x 14, PEEP 5, FIO2 40%, ABG 7.38/42/96",
        "extubated 1030 w/o difficulty, strong cough",
        "suctioned for mod amt thick tan secretions",
        "IS 750-1000 cc, encouraged C&DB q1h",
        "RR 18-24, unlabored",
        "CPAP 5/PS 5 trial x2 hrs, tol well",
        "albuterol/atrovent nebs q4h per RT",
    ),
    "GI": (
        "abd soft, +BS",
        "abd soft, NT/ND, +BS x4",
        "NPO except meds",
        "tol clears, advance diet as tol",
        "no BM this shift, colace/senna given",
        "OGT to LCWS, draining bilious fluid",
        "TF at 40 cc/hr, goal 60, residuals < 50 cc",
        "c/o nausea x1, zofran 4 mg IV w/ relief",
        "passing flatus",
        "PPI cont",
    ),
    "GU": (
        "UOP 30-50cc/hr via foley",
        "foley draining clear yellow urine",
        "lasix 40 mg IV at 1200, diuresed 1.2 L",
        "voiding qs in urinal",
        "BUN/CR 28/1.4, up from 22/1.1",
        "UOP < 30 cc/hr x2 hrs, 500 cc NS bolus given",
        "I/O +1.1 L since MN",
        "1/2 NS at 75 cc/hr",
    ),
    "ID": (
        "afebrile",
        "Tmax 101.2, BC x2 sent, tylenol 650 mg PR",
        "on vanco/zosyn, vanco trough due w/ AM labs",
        "WBC 12.4 down from 15.1",
        "contact precautions for MRSA",
    ),
    "ENDO": (
        "FS BS 140s-180s, covered per SSI",
        "insulin gtt at 3 units/hr per protocol",
        "BS 62 at 0300, 1/2 amp D50 given, recheck 118",
    ),
    "HEME": (
        "HCT 27.9, transfused 1 unit PRBC, post HCT pending",
        "plt 88, no s/s bleeding",
        "SCDs on, SQ heparin",
    ),
    "SKIN": (
        "intact",
        "sternal incision C/D/I, steri strips intact",
        "coccyx reddened but blanchable, turned q2h",
        "R AC 20g and L FA 18g, both patent, no s/s infiltration",
        "L subclavian TLC site C/D/I, dsg changed",
        "ecchymosis to abd from SQ injections",
        "mepilex to sacrum",
    ),
}
#: Systems every note covers; the rest appear in some notes.
CORE_SYSTEMS = ("NEURO", "CV", "RESP", "GI", "GU")

REASONS = (
    "CP",
    "SOB",
    "CHF exacerbation",
    "GI bleed",
    "urosepsis",
    "PNA",
    "DKA",
    "COPD flare",
    "syncope",
    "NSTEMI",
    "ETOH withdrawal",
    "hypotension",
    "fall w/ hip fx",
)
CHILD_REASONS = ("resp distress", "status asthmaticus", "DKA", "bronchiolitis", "sz", "dehydration")
PROCEDURES = (
    "CABG x3",
    "AVR",
    "MVR",
    "ex lap",
    "L fem-pop bypass",
    "AAA repair",
    "crani for SDH",
    "R TKR",
    "cath w/ stent to LAD",
    "EGD w/ banding",
)
HISTORY = (
    "HTN",
    "DM2",
    "CAD",
    "COPD",
    "AFIB on coumadin",
    "CHF EF 30%",
    "CRI",
    "hyperlipidemia",
    "ETOH abuse",
    "obesity",
    "OSA on CPAP at home",
)
PLANS = (
    "cont neo gtt, wean as tol",
    "monitor UOP, lytes",
    "f/u AM labs, replete lytes prn",
    "OOB to chair in AM",
    "pulm toilet, IS",
    "possible transfer to floor in AM",
    "cont to monitor, support pt & family",
    "wean vent in AM, SBT",
    "keep K > 4, Mg > 2",
    "PT consult, ambulate as tol",
    "pain control",
    "cont abx",
)
ISSUES = (
    "SBP 80s",
    "UOP < 30 cc/hr x2",
    "K 3.2",
    "HCT drop 30 -> 26",
    "temp 101.4",
    "AFIB RVR 130s",
    "increased O2 req",
    "BS 320",
    "new confusion",
)
SERVICES = ("cards", "renal", "ID", "GI", "pulm", "surg")
HEADERS = ("NPN", "NSG NOTE", "NURSING PROGRESS NOTE", "MICU NSG NOTE", "CCU NPN", "CSRU NURSING NOTE", "RN NOTE")
SHIFTS = ("7P-7A", "7A-7P", "1900-0700", "0700-1900", "7A-3P", "3P-11P", "")
UNITS = ("ED", "OR", "PACU", "cath lab", "the floor", "MICU", "CCU")
