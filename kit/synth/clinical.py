"""Non-PHI clinical content: problems with ICD-10 codes, medications, vitals, labs, exam findings.

Much of it is deliberately tricky for a PHI detector: eponyms (Parkinson, Foley, Apgar),
doses ("5 mg"), blood pressures ("120/80"), ratios that look like dates ("25/100", "20/40").
None of it carries a gold span.
"""

from __future__ import annotations

import random

PROBLEMS = (
    ("type 2 diabetes mellitus", "E11.9"),
    ("type 2 diabetes with hyperglycemia", "E11.65"),
    ("essential hypertension", "I10"),
    ("hyperlipidemia", "E78.5"),
    ("CKD stage 3a", "N18.31"),
    ("COPD", "J44.9"),
    ("moderate persistent asthma", "J45.40"),
    ("atrial fibrillation", "I48.91"),
    ("heart failure with reduced ejection fraction", "I50.22"),
    ("coronary artery disease", "I25.10"),
    ("hypothyroidism", "E03.9"),
    ("major depressive disorder, recurrent", "F33.1"),
    ("generalized anxiety disorder", "F41.1"),
    ("obstructive sleep apnea", "G47.33"),
    ("GERD", "K21.9"),
    ("primary osteoarthritis of right knee", "M17.11"),
    ("chronic low back pain", "M54.50"),
    ("migraine without aura", "G43.009"),
    ("benign prostatic hyperplasia", "N40.0"),
    ("obesity, BMI 35-39.9", "E66.9"),
    ("iron deficiency anemia", "D50.9"),
    ("community-acquired pneumonia", "J18.9"),
    ("urinary tract infection", "N39.0"),
    ("cellulitis of left lower leg", "L03.116"),
    ("Parkinson disease", "G20"),
    ("Hodgkin lymphoma, in remission", "C81.90"),
    ("Crohn disease of small intestine", "K50.00"),
    ("Graves disease", "E05.00"),
    ("Hashimoto thyroiditis", "E06.3"),
    ("Barrett esophagus", "K22.70"),
    ("Bell palsy", "G51.0"),
    ("Raynaud phenomenon", "I73.00"),
    ("Alzheimer dementia, late onset", "G30.1"),
    ("Meniere disease", "H81.09"),
    ("Sjogren syndrome", "M35.00"),
    ("Down syndrome", "Q90.9"),
    ("Addison disease", "E27.1"),
    ("gout", "M10.9"),
    ("psoriasis", "L40.0"),
    ("atopic dermatitis", "L20.9"),
    ("allergic rhinitis", "J30.9"),
    ("osteoporosis", "M81.0"),
    ("history of DVT", "Z86.718"),
    ("gestational diabetes", "O24.419"),
    ("insomnia", "G47.00"),
)

MEDICATIONS = (
    "metformin 500 mg PO BID",
    "metformin ER 1000 mg daily with dinner",
    "lisinopril 10 mg daily",
    "atorvastatin 40 mg nightly",
    "levothyroxine 75 mcg daily before breakfast",
    "albuterol HFA 90 mcg 2 puffs q4-6h PRN",
    "insulin glargine 22 units subcutaneously at bedtime",
    "apixaban 5 mg BID",
    "metoprolol succinate 25 mg daily",
    "sertraline 50 mg daily",
    "gabapentin 300 mg TID",
    "omeprazole 20 mg daily",
    "amlodipine 5 mg daily",
    "furosemide 40 mg PO daily",
    "carbidopa-levodopa 25/100 mg TID",
    "prednisone 10 mg daily x 5 days",
    "amoxicillin 875 mg BID x 10 days",
    "acetaminophen 650 mg q6h PRN pain",
    "ibuprofen 400 mg q8h PRN with food",
    "ondansetron 4 mg ODT q8h PRN nausea",
    "tamsulosin 0.4 mg nightly",
    "warfarin 5 mg daily (goal INR 2-3)",
    "vitamin D3 2000 IU daily",
    "fluticasone 50 mcg 2 sprays each nostril daily",
    "budesonide-formoterol 160/4.5 mcg 2 puffs BID",
    "losartan 50 mg daily",
    "hydrochlorothiazide 25 mg daily",
    "empagliflozin 10 mg daily",
    "semaglutide 0.5 mg weekly",
    "escitalopram 10 mg daily",
    "trazodone 50 mg at bedtime PRN sleep",
    "cetirizine 10 mg daily",
    "montelukast 10 mg nightly",
    "ferrous sulfate 325 mg daily",
    "allopurinol 100 mg daily",
    "methimazole 10 mg daily",
    "mesalamine 1.2 g BID",
    "donepezil 5 mg nightly",
    "enoxaparin 40 mg SC daily",
    "oxycodone 5 mg q6h PRN severe pain",
)

ALLERGIES = (
    "NKDA",
    "penicillin (hives)",
    "sulfa drugs (rash)",
    "codeine (nausea)",
    "latex",
    "shellfish (anaphylaxis)",
    "iodinated contrast (hives)",
    "No known allergies",
    "lisinopril (angioedema)",
    "peanuts",
    "morphine (itching)",
)

EXAM = (
    "Alert and oriented x3, in no acute distress.",
    "Glasgow Coma Scale 15.",
    "Lungs clear to auscultation bilaterally, no wheezes or crackles.",
    "Heart regular rate and rhythm, no murmurs, rubs, or gallops.",
    "Irregularly irregular rhythm, II/VI systolic murmur at the left sternal border.",
    "Abdomen soft, non-tender, non-distended; Murphy sign negative.",
    "McBurney point non-tender.",
    "Babinski negative bilaterally; Romberg negative.",
    "Resting tremor of the right hand, cogwheel rigidity consistent with Parkinson disease.",
    "Homans sign negative; calves soft and non-tender.",
    "Lachman stable, McMurray negative.",
    "Tinel sign positive at the left wrist, Phalen test positive.",
    "Weber midline, Rinne AC > BC bilaterally.",
    "Visual acuity 20/40 OD, 20/25 OS (Snellen).",
    "2+ pitting edema to mid-shin bilaterally.",
    "Dorsalis pedis pulses 2+ by Doppler.",
    "Skin warm and dry; scattered erythematous plaques on the extensor surfaces.",
    "Kernig and Brudzinski signs negative.",
    "Spurling test negative.",
    "Cranial nerves II-XII intact; strength 5/5 in all extremities.",
    "Mild erythema around the incision without drainage.",
)

PROCEDURES = (
    "Foley catheter placed on admission and removed on hospital day 2.",
    "Jackson-Pratt drain with 30 mL serosanguinous output over 24 hours.",
    "Transthoracic echocardiogram showed an ejection fraction of 35-40%.",
    "Holter monitor for 48 hours showed paroxysmal atrial fibrillation.",
    "EGD confirmed Barrett esophagus without dysplasia.",
    "Epley maneuver performed with resolution of vertigo.",
    "Paracentesis removed 3.2 L of straw-colored fluid.",
    "Swan-Ganz catheter was not required.",
    "Nissen fundoplication in the remote past.",
    "Whipple procedure discussed with surgical oncology.",
    "PICC line placed in the right basilic vein, tip at the cavoatrial junction.",
)

PLANS = (
    "Increase metformin to 1000 mg BID; recheck A1c in 3 months.",
    "Continue current regimen; home BP log and follow up in 4 weeks.",
    "Start atorvastatin 20 mg; lipid panel in 6-8 weeks.",
    "Referral to physical therapy twice weekly for 6 weeks.",
    "Sleep study ordered to evaluate for obstructive sleep apnea.",
    "Influenza and updated COVID-19 vaccines given today.",
    "Return precautions reviewed: chest pain, shortness of breath, fever > 101.5 F.",
    "Hold lisinopril while creatinine recovers; BMP in 1 week.",
    "Titrate carbidopa-levodopa to 25/100 mg QID; fall precautions.",
    "Continue apixaban 5 mg BID; CHA2DS2-VASc score 4.",
    "Diet and exercise counseling provided; goal weight loss of 5-7%.",
    "Patient to check glucose fasting and 2 hours after meals.",
    "Cognitive behavioral therapy referral placed; PHQ-9 today 14.",
    "Wound care with daily dressing changes; suture removal in 10-14 days.",
    "Allergy testing; epinephrine auto-injector prescribed.",
)

COMPLAINTS = (
    "chest pain",
    "shortness of breath",
    "follow-up of diabetes",
    "cough for 2 weeks",
    "right knee pain",
    "dizziness",
    "fever and chills",
    "abdominal pain",
    "headache",
    "rash on both arms",
    "fatigue",
    "medication refill",
    "swelling of both legs",
    "palpitations",
    "low back pain",
    "trouble sleeping",
    "tremor",
    "annual physical",
)


def vitals(rng: random.Random) -> str:
    """A vitals line: "BP 132/84, HR 76, RR 16, T 98.4 F, SpO2 97% on RA"."""
    sys_bp, dia = rng.randint(98, 178), rng.randint(58, 102)
    temp = rng.choice((f"T {rng.uniform(97.0, 101.8):.1f} F", f"Temp {rng.uniform(36.1, 38.7):.1f} C"))
    parts = [
        f"BP {sys_bp}/{dia}",
        f"HR {rng.randint(52, 118)}",
        f"RR {rng.randint(12, 24)}",
        temp,
        f"SpO2 {rng.randint(88, 100)}% on {rng.choice(('RA', 'room air', '2L NC'))}",
    ]
    if rng.random() < 0.6:
        parts.append(f"Wt {rng.uniform(45, 140):.1f} kg")
    if rng.random() < 0.3:
        parts.append(f"BMI {rng.uniform(18, 42):.1f}")
    return ", ".join(parts)


def labs(rng: random.Random) -> str:
    """A lab line with values and units (not PHI)."""
    pool = [
        f"Na {rng.randint(131, 146)}",
        f"K {rng.uniform(3.2, 5.4):.1f}",
        f"Cl {rng.randint(96, 110)}",
        f"CO2 {rng.randint(19, 30)}",
        f"BUN {rng.randint(7, 48)}",
        f"Cr {rng.uniform(0.6, 2.4):.2f}",
        f"glucose {rng.randint(70, 310)}",
        f"HbA1c {rng.uniform(5.2, 11.4):.1f}%",
        f"WBC {rng.uniform(3.8, 16.2):.1f}",
        f"Hgb {rng.uniform(8.1, 16.4):.1f}",
        f"Plt {rng.randint(110, 420)}",
        f"TSH {rng.uniform(0.2, 9.8):.2f}",
        f"LDL {rng.randint(60, 190)}",
        f"INR {rng.uniform(0.9, 3.4):.1f}",
        f"troponin {rng.choice(('<0.01', '0.02', '0.04'))} ng/mL",
        f"eGFR {rng.randint(22, 110)}",
        f"BNP {rng.randint(40, 1900)} pg/mL",
        f"ferritin {rng.randint(6, 340)}",
    ]
    return ", ".join(rng.sample(pool, rng.randint(4, 8)))


def problems(rng: random.Random, k: int) -> list[tuple[str, str]]:
    """``k`` distinct problems with their ICD-10 codes."""
    return rng.sample(PROBLEMS, k)


def meds(rng: random.Random, k: int) -> list[str]:
    """``k`` distinct medication lines."""
    return rng.sample(MEDICATIONS, k)


def pick(rng: random.Random, pool: tuple[str, ...], k: int) -> list[str]:
    """``k`` distinct items from ``pool``."""
    return rng.sample(pool, min(k, len(pool)))


ROS = (
    "Constitutional: denies fever, chills or weight loss.",
    "Constitutional: reports fatigue for several weeks.",
    "Eyes: no vision changes.",
    "ENT: mild nasal congestion.",
    "Cardiovascular: denies chest pain or palpitations.",
    "Cardiovascular: occasional palpitations, no syncope.",
    "Respiratory: dry cough, no hemoptysis.",
    "Respiratory: denies shortness of breath.",
    "GI: no nausea, vomiting, diarrhea or melena.",
    "GI: intermittent heartburn after meals.",
    "GU: nocturia x2, no dysuria.",
    "MSK: bilateral knee stiffness in the morning.",
    "Neuro: no focal weakness; mild intermittent headaches.",
    "Psych: mood 'okay', sleeping 5-6 hours.",
    "Skin: no new rashes or lesions.",
    "Heme: bruises easily on apixaban.",
    "Endocrine: polyuria and polydipsia.",
    "All other systems reviewed and negative.",
)

FAMILY = (
    "Mother: hypertension, type 2 diabetes",
    "Father: MI at {age}",
    "Sister: breast cancer at {age}",
    "Brother: Crohn disease",
    "Mother: Alzheimer dementia, died at {age}",
    "Father: Parkinson disease, died at {age}",
    "Maternal grandmother: Hodgkin lymphoma",
    "No family history of sudden cardiac death",
    "Paternal uncle: colon cancer at {age}",
    "Mother: Graves disease",
    "Father: alive and well at {age}",
)

NURSING_SYSTEMS = (
    "Neuro: A&Ox4, PERRLA, follows commands, moves all extremities.",
    "Neuro: drowsy but arousable to voice, oriented x2.",
    "CV: S1S2 audible, regular; cap refill < 3 seconds; pedal pulses palpable.",
    "CV: irregular rhythm on telemetry, rate controlled.",
    "Resp: lungs diminished at the bases, on 2L NC, SpO2 94-96%.",
    "Resp: clear bilaterally, room air, no distress.",
    "GI: abdomen soft, bowel sounds active x4, last BM today.",
    "GI: nausea overnight, ondansetron 4 mg IV given with relief.",
    "GU: Foley to gravity, urine clear yellow; I/O 1450/1100 mL.",
    "GU: voiding without difficulty, bladder scan 80 mL post-void.",
    "Skin: stage 1 pressure injury on sacrum, foam dressing applied.",
    "Skin: surgical incision approximated, no drainage.",
    "Pain: 4/10 at rest, 7/10 with movement; PRN oxycodone given at 1400.",
    "Psychosocial: tearful at times, chaplain visit requested.",
    "Safety: bed low and locked, call light in reach, non-skid socks on.",
    "Activity: up to chair for lunch with 1 assist.",
)

MDM = (
    "Differential includes viral syndrome versus early bacterial pneumonia; chest X-ray ordered.",
    "Symptoms most consistent with musculoskeletal strain; no red flags on exam.",
    "Glycemic control suboptimal; adherence and diet discussed at length.",
    "Blood pressure above goal on two occasions; home readings requested.",
    "Low suspicion for ACS given normal ECG and troponin; outpatient stress test arranged.",
    "Tremor pattern typical of Parkinson disease; neurology referral placed.",
    "PHQ-9 score improved from 18 to 11 since sertraline was started.",
    "Renal function stable; continue to avoid NSAIDs.",
)
