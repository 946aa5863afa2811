package plpgsql

import "strings"

// conditions are PostgreSQL's exception condition names (plerrcodes.h)
// that handlers and RAISE name most; a class's name (…_exception,
// integrity_constraint_violation) matches every code of its class.
var conditions = map[string]string{
	"successful_completion":                 "00000",
	"warning":                               "01000",
	"no_data":                               "02000",
	"sql_statement_not_yet_complete":        "03000",
	"connection_exception":                  "08000",
	"feature_not_supported":                 "0A000",
	"invalid_transaction_initiation":        "0B000",
	"case_not_found":                        "20000",
	"cardinality_violation":                 "21000",
	"data_exception":                        "22000",
	"array_subscript_error":                 "2202E",
	"character_not_in_repertoire":           "22021",
	"datetime_field_overflow":               "22008",
	"division_by_zero":                      "22012",
	"invalid_datetime_format":               "22007",
	"invalid_escape_sequence":               "22025",
	"invalid_parameter_value":               "22023",
	"invalid_regular_expression":            "2201B",
	"invalid_text_representation":           "22P02",
	"invalid_binary_representation":         "22P03",
	"null_value_not_allowed":                "22004",
	"numeric_value_out_of_range":            "22003",
	"string_data_right_truncation":          "22001",
	"zero_length_character_string":          "2200F",
	"invalid_json_text":                     "22P32",
	"integrity_constraint_violation":        "23000",
	"restrict_violation":                    "23001",
	"not_null_violation":                    "23502",
	"foreign_key_violation":                 "23503",
	"unique_violation":                      "23505",
	"check_violation":                       "23514",
	"exclusion_violation":                   "23P01",
	"invalid_cursor_state":                  "24000",
	"invalid_transaction_state":             "25000",
	"active_sql_transaction":                "25001",
	"read_only_sql_transaction":             "25006",
	"in_failed_sql_transaction":             "25P02",
	"invalid_sql_statement_name":            "26000",
	"invalid_authorization_specification":   "28000",
	"invalid_cursor_name":                   "34000",
	"invalid_catalog_name":                  "3D000",
	"invalid_schema_name":                   "3F000",
	"transaction_rollback":                  "40000",
	"serialization_failure":                 "40001",
	"deadlock_detected":                     "40P01",
	"syntax_error_or_access_rule_violation": "42000",
	"insufficient_privilege":                "42501",
	"syntax_error":                          "42601",
	"invalid_name":                          "42602",
	"datatype_mismatch":                     "42804",
	"wrong_object_type":                     "42809",
	"undefined_column":                      "42703",
	"undefined_function":                    "42883",
	"undefined_table":                       "42P01",
	"undefined_parameter":                   "42P02",
	"undefined_object":                      "42704",
	"duplicate_column":                      "42701",
	"duplicate_cursor":                      "42P03",
	"duplicate_database":                    "42P04",
	"duplicate_function":                    "42723",
	"duplicate_schema":                      "42P06",
	"duplicate_table":                       "42P07",
	"duplicate_object":                      "42710",
	"ambiguous_column":                      "42702",
	"invalid_function_definition":           "42P13",
	"program_limit_exceeded":                "54000",
	"statement_too_complex":                 "54001",
	"object_not_in_prerequisite_state":      "55000",
	"object_in_use":                         "55006",
	"lock_not_available":                    "55P03",
	"operator_intervention":                 "57000",
	"query_canceled":                        "57014",
	"plpgsql_error":                         "P0000",
	"raise_exception":                       "P0001",
	"no_data_found":                         "P0002",
	"too_many_rows":                         "P0003",
	"assert_failure":                        "P0004",
	"internal_error":                        "XX000",
}

// conditionCode is the SQLSTATE of a condition name, or the code itself
// when name is five characters of a SQLSTATE's alphabet.
func conditionCode(name string) (string, bool) {
	if c, ok := conditions[name]; ok {
		return c, true
	}
	if len(name) == 5 && strings.Trim(strings.ToUpper(name), "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return strings.ToUpper(name), true
	}
	return "", false
}

// handles reports whether a handler's conditions catch an error of code.
// OTHERS catches everything but a cancel and a failed assertion, as in
// PostgreSQL; a class code (…000) catches its class.
func handles(conds []string, code string) bool {
	for _, c := range conds {
		if c == "others" {
			if code != "57014" && code != "P0004" {
				return true
			}
			continue
		}
		want, ok := conditionCode(c)
		if !ok {
			continue
		}
		if want == code || strings.HasSuffix(want, "000") && len(code) == 5 && code[:2] == want[:2] {
			return true
		}
	}
	return false
}
