"""The FHIR and SDC extension URLs and the Repères link ids a Questionnaire uses."""
from __future__ import annotations

SDC = "http://hl7.org/fhir/uv/sdc/StructureDefinition/"
VARIABLE = "http://hl7.org/fhir/StructureDefinition/variable"
CALCULATED = SDC + "sdc-questionnaire-calculatedExpression"
ENABLE_WHEN_EXPRESSION = SDC + "sdc-questionnaire-enableWhenExpression"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
ITEM_CONTROL = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
RENDERING_MARKDOWN = "http://hl7.org/fhir/StructureDefinition/rendering-markdown"

# Read-only items holding the results; no question id has a « : ».
RESULTS = "reperes:resultats"
RESULT_ITEMS = {"outcome": "reperes:resultat", "positive": "reperes:positif",
                "score": "reperes:score", "score_max": "reperes:score-max", "complete": "reperes:complet"}
OUTCOMES_SYSTEM = "urn:reperes:outcomes:{id}"

# Where a grid's source applies (the record's « jurisdiction »), as Questionnaire.jurisdiction: ISO 3166 for a
# country or a subdivision, the UN M49 « World » (001) for international sources.
JURISDICTIONS = {
    "france": {"system": "urn:iso:std:iso:3166", "code": "FR", "display": "France"},
    "quebec": {"system": "urn:iso:std:iso:3166:-2", "code": "CA-QC", "display": "Québec"},
    "international": {"system": "http://unstats.un.org/unsd/methods/m49/m49.htm", "code": "001", "display": "World"},
}
