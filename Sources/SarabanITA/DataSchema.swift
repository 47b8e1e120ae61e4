import Foundation

/// The JSON Schema of the data file, printed by `saraban schema` for editors and validators.
/// The decoder is the authority; a test validates the bundled example against this schema so the
/// two cannot drift apart unnoticed.
public enum DataSchema {
    public static let json = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://saraban.example/schema/ita-measures.json",
      "title": "saraban: ITA measures document (มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน)",
      "type": "object",
      "additionalProperties": false,
      "required": ["agency", "year", "scores", "signatories"],
      "properties": {
        "kind": {"const": "ita-measures", "description": "what the file makes; absent, the measures report"},
        "agency": {
          "type": "object", "additionalProperties": false, "required": ["name", "abbreviation"],
          "properties": {
            "name": {"type": "string", "minLength": 1, "description": "the agency's full name; use {{agency.name}} in text"},
            "abbreviation": {"type": "string", "minLength": 1, "description": "short name, such as สพป.ตาก เขต 2"},
            "logo": {"type": "string", "description": "a PNG image, relative to the data file"}
          }
        },
        "year": {"oneOf": [{"type": "integer", "minimum": 2500, "maximum": 2700}, {"type": "string", "pattern": "^[๒][๕-๖][๐-๙]{2}$"}], "description": "fiscal year of the results, B.E. (Arabic or Thai digits)"},
        "measures_year": {"oneOf": [{"type": "integer", "minimum": 2500, "maximum": 2700}, {"type": "string", "pattern": "^[๒][๕-๖][๐-๙]{2}$"}], "description": "fiscal year of the measures; default year + 1"},
        "date": {"type": "string", "pattern": "^[0-9๐-๙]{4}-[0-9๐-๙]{1,2}-[0-9๐-๙]{1,2}$", "description": "the document's date, YYYY-MM-DD, C.E. or B.E."},
        "title": {"type": "string"},
        "scores": {
          "type": "object", "additionalProperties": false,
          "patternProperties": {"^(10|[1-9])(\\.[1-9])?$": {"oneOf": [{"type": "number", "minimum": 0, "maximum": 100}, {"type": "string", "pattern": "^[๐-๙]{1,3}(\\.[๐-๙]+)?$"}]}},
          "description": "indicators 1–10, or sub-indicators such as 9.1–9.5 and 10.1–10.2 in place of 9 and 10"
        },
        "published": {
          "type": "object", "additionalProperties": false,
          "properties": {"total": {"type": "number", "minimum": 0, "maximum": 100}, "rating": {"type": "string"}}
        },
        "introduction": {"$ref": "#/$defs/paragraphs"},
        "summary": {"$ref": "#/$defs/paragraphs"},
        "approach": {"$ref": "#/$defs/paragraphs"},
        "analysis": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "urgent": {"$ref": "#/$defs/analysis"},
            "develop": {"type": "array", "items": {"$ref": "#/$defs/analysis"}}
          }
        },
        "constraints": {
          "type": "object", "additionalProperties": false,
          "properties": {"budget": {"$ref": "#/$defs/constraint"}, "people": {"$ref": "#/$defs/constraint"}, "ict": {"$ref": "#/$defs/constraint"}}
        },
        "recommendations": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "introduction": {"$ref": "#/$defs/paragraphs"},
            "policy": {"$ref": "#/$defs/recommendation"},
            "practice": {"$ref": "#/$defs/recommendation"}
          }
        },
        "signatories": {
          "type": "array", "minItems": 1,
          "items": {
            "type": "object", "additionalProperties": false, "required": ["name", "positions"],
            "properties": {
              "role": {"type": "string", "description": "ผู้รายงาน, ผู้เห็นชอบ, ผู้อนุมัติ …"},
              "name": {"type": "string", "description": "full name with title, without parentheses"},
              "positions": {"$ref": "#/$defs/paragraphs"},
              "signature": {"type": "string", "description": "a PNG image of the signature"}
            }
          }
        },
        "analysis_library": {
          "description": "analysis blocks by indicator or sub-indicator code, from which each document's urgent and develop blocks are chosen by its scores; or the name of a YAML file holding them",
          "oneOf": [
            {"type": "string"},
            {"type": "object", "propertyNames": {"pattern": "^(10|[1-9])(\\.[0-9]+)?$"}, "additionalProperties": {"$ref": "#/$defs/analysisBlock"}}
          ]
        },
        "other_agencies": {
          "description": "other agencies the text names on purpose (a study visit, a partner office): not taken for another office's text pasted in",
          "type": "array", "items": {"type": "string"}
        },
        "texts": {
          "description": "the document's own wording for fixed headings and labels (the keys of Layouts/ita-measures-texts.yaml)",
          "type": "object", "additionalProperties": false,
          "properties": {
            "title": {"$ref": "#/$defs/text"},
            "sections": {"type": "object", "additionalProperties": false, "properties": {"results": {"$ref": "#/$defs/text"}, "analysis": {"$ref": "#/$defs/text"}, "urgent": {"$ref": "#/$defs/text"}, "develop": {"$ref": "#/$defs/text"}, "constraints": {"$ref": "#/$defs/text"}, "budget": {"$ref": "#/$defs/text"}, "people": {"$ref": "#/$defs/text"}, "ict": {"$ref": "#/$defs/text"}, "recommendations": {"$ref": "#/$defs/text"}, "policy": {"$ref": "#/$defs/text"}, "practice": {"$ref": "#/$defs/text"}}},
            "labels": {"type": "object", "additionalProperties": false, "properties": {"findings": {"$ref": "#/$defs/text"}, "weaknesses_urgent": {"$ref": "#/$defs/text"}, "weaknesses_develop": {"$ref": "#/$defs/text"}, "improvements": {"$ref": "#/$defs/text"}, "measures": {"$ref": "#/$defs/text"}, "responsible": {"$ref": "#/$defs/text"}, "activities": {"$ref": "#/$defs/text"}, "steps": {"$ref": "#/$defs/text"}, "schedule": {"$ref": "#/$defs/text"}, "limitations": {"$ref": "#/$defs/text"}, "support": {"$ref": "#/$defs/text"}}}
          }
        },
        "options": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "numerals": {"enum": ["thai", "arabic"]},
            "table_numerals": {"enum": ["thai", "arabic"]}
          }
        }
      },
      "$defs": {
        "text": {"type": "string", "minLength": 1, "description": "Thai text; **bold** and {{placeholders}} allowed"},
        "paragraphs": {"oneOf": [{"$ref": "#/$defs/text"}, {"type": "array", "items": {"$ref": "#/$defs/text"}}]},
        "item": {
          "oneOf": [
            {"$ref": "#/$defs/text"},
            {"type": "object", "additionalProperties": false, "required": ["text"],
             "properties": {"text": {"$ref": "#/$defs/text"}, "details": {"$ref": "#/$defs/paragraphs"}}}
          ]
        },
        "items": {"oneOf": [{"$ref": "#/$defs/item"}, {"type": "array", "items": {"$ref": "#/$defs/item"}}]},
        "analysis": {"$ref": "#/$defs/analysisBlock", "required": ["indicator"]},
        "analysisBlock": {
          "type": "object", "additionalProperties": false,
          "properties": {
            "indicator": {"type": ["string", "number"], "description": "the indicator or sub-indicator, such as \"9.5\""},
            "findings": {"$ref": "#/$defs/items"},
            "weaknesses": {"$ref": "#/$defs/items"},
            "improvements": {"$ref": "#/$defs/items"},
            "measures": {
              "type": "array",
              "items": {
                "oneOf": [
                  {"$ref": "#/$defs/text"},
                  {"type": "object", "additionalProperties": false, "required": ["text"],
                   "properties": {"text": {"$ref": "#/$defs/text"}, "details": {"$ref": "#/$defs/paragraphs"},
                                  "responsible": {"$ref": "#/$defs/text"}}}
                ]
              }
            },
            "activities": {"$ref": "#/$defs/items"},
            "steps": {"$ref": "#/$defs/items"},
            "schedule": {
              "type": "array",
              "items": {
                "type": "object", "additionalProperties": false, "required": ["text"],
                "properties": {
                  "text": {"$ref": "#/$defs/text"},
                  "entries": {
                    "type": "array",
                    "items": {
                      "type": "object", "additionalProperties": false, "required": ["task"],
                      "properties": {
                        "task": {"$ref": "#/$defs/text"},
                        "when": {"$ref": "#/$defs/text"},
                        "quarters": {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 4}}
                      }
                    }
                  }
                }
              }
            }
          }
        },
        "constraint": {
          "type": "object", "additionalProperties": false,
          "properties": {"limitations": {"$ref": "#/$defs/paragraphs"}, "support": {"$ref": "#/$defs/paragraphs"}}
        },
        "recommendation": {
          "type": "object", "additionalProperties": false,
          "properties": {"introduction": {"$ref": "#/$defs/paragraphs"}, "items": {"$ref": "#/$defs/items"}}
        }
      }
    }
    """#
}
