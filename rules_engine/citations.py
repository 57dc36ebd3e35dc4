"""Where each rule comes from: the seed page's tables and fields, 42 CFR sections and CMS pages.

Citations are text shown with a violation (``Violation.citation``); they hold no numbers.
"""

from __future__ import annotations

_NOS_HELP = "MSPRP Settlement Information Help (Oct 2023), https://www.cob.cms.hhs.gov/MSPRP/assets/msprp/case/NOSInfo.htm"

NOS_BENEFICIARY_DEBTOR = f"{_NOS_HELP}, Title Line note: 'Submitting settlement information pertains only to beneficiary-debtor cases.'"
NOS_FCP_PROCESS = f"{_NOS_HELP}, 'Cases in Final Conditional Payment Process'"
INJURY_TYPE = f"{_NOS_HELP}, Table 1, Injury Type"
SETTLEMENT_AMOUNT = f"{_NOS_HELP}, Table 1, Settlement Amount, Data Entry Requirements"
SETTLEMENT_DATE = f"{_NOS_HELP}, Table 1, Settlement Date, Data Entry Requirements"
SETTLEMENT_DATE_FCP_NOTE = f"{_NOS_HELP}, Table 1, Settlement Date, Note on the Final Conditional Payment process"
SETTLEMENT_DETAILS = f"{_NOS_HELP}, Settlement Details and Table 2"
ATTORNEY_FEES = f"{_NOS_HELP}, Table 2, Attorney Fees, Data Entry Requirements"
ATTORNEY_FEES_WC_INSURER = f"{_NOS_HELP}, Table 2, Attorney Fees and Attorney Fee Percentage (insurer/employer on a workers' compensation case)"
ATTORNEY_FEE_PERCENTAGE = f"{_NOS_HELP}, Table 2, Attorney Fee Percentage"
MED_PIP_EXCLUSIONS = f"{_NOS_HELP}, MED/PIP/Other Exclusions, Data Entry Requirements"
CONFIRMATION = f"{_NOS_HELP}, confirmation checkbox"
DOCUMENTATION = f"{_NOS_HELP}, Table 3: Uploading Supporting Documentation Guidelines"
NOS_REVIEW = f"{_NOS_HELP}, Next Steps"

FPO_HELP = "MSPRP 'Fixed Percentage Option' help, https://cob.cms.hhs.gov/MSPRP/assets/msprp/case/FixedPercentInfo.htm"
FPO_TRAUMATIC = f"{INJURY_TYPE}: 'Traumatic Injury must be selected when the Fixed Percentage Option is selected'; {FPO_HELP}"
FPO_CAP = f"{SETTLEMENT_AMOUNT}: 'Must be less than or equal to $10,000 if the Fixed Percentage Option is selected'; {FPO_HELP}"
FPO_EXCLUSIONS = f"{MED_PIP_EXCLUSIONS}: 'Cannot be entered if the Fixed Percentage Option has been selected'; {FPO_HELP}"

CFR_411_37_C = "42 CFR 411.37(c) (Medicare payments less than the settlement: pro rata share of procurement costs)"
CFR_411_37_D = "42 CFR 411.37(d) (Medicare payments equal to or more than the settlement: settlement minus procurement costs)"
LOW_DOLLAR_THRESHOLD = (
    "CMS liability low-dollar recovery threshold (alerts relayed by Verisk 2018, "
    "https://www.verisk.com/insurance/visualize/cms-maintains-its-750-low-dollar-threshold-for-2018/ ; Medval 2011; Franco Signor)"
)

REDETERMINATION = "MSPRP 'Redetermination (First Level Appeal) Submission' help, https://cob.cms.hhs.gov/MSPRP/assets/msprp/case/redeterminationSubmission.htm"
REIMBURSING = "CMS 'Reimbursing Medicare', https://www.cms.gov/medicare/coordination-benefits-recovery/overview/reimbursing"
NOS_CONFIRM = "MSPRP Notice of Settlement Confirmation, https://www.cob.cms.hhs.gov/MSPRP/assets/msprp/case/NOSConfirm.htm"
TREASURY_REFERRAL = "CLM, https://theclm.org/Magazine/articles/spotting-the-pitfalls-medicare-treasury-claims/2724 (45 CFR 30.10(c) and 31 CFR 901.1(e) say 180 days)"

INITIATE_DEMAND = "MSPRP 'What is Initiate Demand Letter', https://cob.cms.hhs.gov/MSPRP/assets/msprp/case/WhatIsInitiateDemand.htm"
VIEW_DISPUTE = "MSPRP 'View/Dispute Claims Listing Help', https://www.cob.cms.hhs.gov/MSPRP/assets/msprp/case/WhatIsViewDispute.htm"
CLAIMS_LISTING = "MSPRP 'Claims Listing' help, https://www.cob.cms.hhs.gov/MSPRP/assets/msprp/case/claimsListing.htm"
DISPUTE_VERIFICATION = "MSPRP 'disputeVerification' help, https://www.cob.cms.hhs.gov/MSPRP/help/msprp/case/disputeVerification.htm"

MBI_FORMAT = "CMS 'Understanding the Medicare Beneficiary Identifier (MBI) Format'"
