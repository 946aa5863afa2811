package sysview

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/zerodb/zerodb/engine/builtin"
	"github.com/zerodb/zerodb/engine/catalog"
	"github.com/zerodb/zerodb/engine/keys"
	"github.com/zerodb/zerodb/engine/value"
	"github.com/zerodb/zerodb/errs"
)

// relations are the virtual relations. Their OIDs are PostgreSQL 15's for
// the catalogs; the views get OIDs from 12000 on (PostgreSQL's own view
// OIDs vary between builds). It is set once, by init: the row functions
// read it (pg_class lists the catalogs too), which a variable's
// initializer cannot refer back to.
var relations []relation

func init() { relations = infoSchemaDomains(append(relationDefs(), statRelationDefs()...)) }

// infoSchemaDomains gives information_schema's string columns that are
// no sql_identifier (name) the base types of PostgreSQL's domains, which
// RowDescription reports: yes_or_no's varchar(3) for its YES/NO flags,
// character_data's varchar for the rest.
func infoSchemaDomains(rels []relation) []relation {
	for i := range rels {
		if rels[i].schema != InformationSchema {
			continue
		}
		for j := range rels[i].cols {
			c := &rels[i].cols[j]
			if t := c.t; t.Kind != value.KindString || t.Identifier || t.RegOID != 0 || t.Varchar || t.JSON || t.MaxLen != 0 {
				continue // not a text column
			}
			c.t = value.Type{Kind: value.KindString, Varchar: true}
			if yesOrNo(c.name) {
				c.t.MaxLen = 3
			}
		}
	}
	return rels
}

// yesOrNo reports the information_schema columns PostgreSQL 15 types
// yes_or_no: the is_... flags but is_generated and is_verified_by, and
// a few others.
func yesOrNo(col string) bool {
	switch col {
	case "is_generated", "is_verified_by":
		return false
	case "as_locator", "cycle_option", "enforced", "identity_cycle", "initially_deferred", "new_savepoint_level",
		"nulls_distinct", "result_cast_as_locator", "schema_level_routine", "with_hierarchy":
		return true
	}
	return strings.HasPrefix(col, "is_")
}

func relationDefs() []relation {
	return []relation{
		{1259, PgCatalog, "pg_class", 'r', cols(
			"oid", tOID, "relname", tName, "relnamespace", tOID, "reltype", tOID, "reloftype", tOID,
			"relowner", tOID, "relam", tOID, "relfilenode", tOID, "reltablespace", tOID, "relpages", tInt4,
			"reltuples", tFloat, "relallvisible", tInt4, "reltoastrelid", tOID, "relhasindex", tBool,
			"relisshared", tBool, "relpersistence", tChar, "relkind", tChar, "relnatts", tInt2,
			"relchecks", tInt2, "relhasrules", tBool, "relhastriggers", tBool, "relhassubclass", tBool,
			"relrowsecurity", tBool, "relforcerowsecurity", tBool, "relispopulated", tBool,
			"relreplident", tChar, "relispartition", tBool, "relrewrite", tOID, "relfrozenxid", tInt8,
			"relminmxid", tInt8, "relacl", tTextArray, "reloptions", tTextArray, "relpartbound", tText), pgClass},
		{2615, PgCatalog, "pg_namespace", 'r', cols("oid", tOID, "nspname", tName, "nspowner", tOID, "nspacl", tTextArray), pgNamespace},
		{1249, PgCatalog, "pg_attribute", 'r', cols(
			"attrelid", tOID, "attname", tName, "atttypid", tOID, "attstattarget", tInt4, "attlen", tInt2,
			"attnum", tInt2, "attndims", tInt4, "attcacheoff", tInt4, "atttypmod", tInt4, "attbyval", tBool,
			"attalign", tChar, "attstorage", tChar, "attcompression", tChar, "attnotnull", tBool,
			"atthasdef", tBool, "atthasmissing", tBool, "attidentity", tChar, "attgenerated", tChar,
			"attisdropped", tBool, "attislocal", tBool, "attinhcount", tInt4, "attcollation", tOID,
			"attacl", tTextArray, "attoptions", tTextArray, "attfdwoptions", tTextArray, "attmissingval", tText), pgAttribute},
		{1247, PgCatalog, "pg_type", 'r', cols(
			"oid", tOID, "typname", tName, "typnamespace", tOID, "typowner", tOID, "typlen", tInt2,
			"typbyval", tBool, "typtype", tChar, "typcategory", tChar, "typispreferred", tBool,
			"typisdefined", tBool, "typdelim", tChar, "typrelid", tOID, "typsubscript", tText,
			"typelem", tOID, "typarray", tOID, "typinput", tText, "typoutput", tText, "typreceive", tText,
			"typsend", tText, "typmodin", tText, "typmodout", tText, "typanalyze", tText, "typalign", tChar,
			"typstorage", tChar, "typnotnull", tBool, "typbasetype", tOID, "typtypmod", tInt4,
			"typndims", tInt4, "typcollation", tOID, "typdefaultbin", tText, "typdefault", tText,
			"typacl", tTextArray), pgType},
		{2610, PgCatalog, "pg_index", 'r', cols(
			"indexrelid", tOID, "indrelid", tOID, "indnatts", tInt2, "indnkeyatts", tInt2,
			"indisunique", tBool, "indnullsnotdistinct", tBool, "indisprimary", tBool,
			"indisexclusion", tBool, "indimmediate", tBool, "indisclustered", tBool, "indisvalid", tBool,
			"indcheckxmin", tBool, "indisready", tBool, "indislive", tBool, "indisreplident", tBool,
			"indkey", value.TypeInt2Vector, "indcollation", value.TypeOidVector, "indclass", value.TypeOidVector,
			"indoption", value.TypeInt2Vector,
			"indexprs", tText, "indpred", tText), pgIndex},
		{1262, PgCatalog, "pg_database", 'r', cols(
			"oid", tOID, "datname", tName, "datdba", tOID, "encoding", tInt4, "datlocprovider", tChar,
			"datistemplate", tBool, "datallowconn", tBool, "datconnlimit", tInt4, "datfrozenxid", tInt8,
			"datminmxid", tInt8, "dattablespace", tOID, "datcollate", tText, "datctype", tText,
			"daticulocale", tText, "datcollversion", tText, "datacl", tTextArray), pgDatabase},
		{1260, PgCatalog, "pg_authid", 'r', cols(
			"oid", tOID, "rolname", tName, "rolsuper", tBool, "rolinherit", tBool, "rolcreaterole", tBool,
			"rolcreatedb", tBool, "rolcanlogin", tBool, "rolreplication", tBool, "rolbypassrls", tBool,
			"rolconnlimit", tInt4, "rolpassword", tText, "rolvaliduntil", tTime), pgAuthid},
		{12000, PgCatalog, "pg_roles", 'v', cols(
			"rolname", tName, "rolsuper", tBool, "rolinherit", tBool, "rolcreaterole", tBool,
			"rolcreatedb", tBool, "rolcanlogin", tBool, "rolreplication", tBool, "rolconnlimit", tInt4,
			"rolpassword", tText, "rolvaliduntil", tTime, "rolbypassrls", tBool, "rolconfig", tTextArray,
			"oid", tOID), pgRoles},
		{12001, PgCatalog, "pg_user", 'v', cols(
			"usename", tName, "usesysid", tOID, "usecreatedb", tBool, "usesuper", tBool, "userepl", tBool,
			"usebypassrls", tBool, "passwd", tText, "valuntil", tTime, "useconfig", tTextArray), pgUser},
		{1261, PgCatalog, "pg_auth_members", 'r', cols(
			"roleid", tOID, "member", tOID, "grantor", tOID, "admin_option", tBool), pgAuthMembers},
		{1255, PgCatalog, "pg_proc", 'r', cols(
			"oid", tOID, "proname", tName, "pronamespace", tOID, "proowner", tOID, "prolang", tOID,
			"procost", tFloat, "prorows", tFloat, "provariadic", tOID, "prosupport", tText,
			"prokind", tChar, "prosecdef", tBool, "proleakproof", tBool, "proisstrict", tBool,
			"proretset", tBool, "provolatile", tChar, "proparallel", tChar, "pronargs", tInt2,
			"pronargdefaults", tInt2, "prorettype", tOID, "proargtypes", value.TypeOidVector, "proallargtypes", tOIDArray,
			"proargmodes", arrayOf(tChar), "proargnames", tTextArray, "proargdefaults", tText, "protrftypes", tOIDArray,
			"prosrc", tText, "probin", tText, "prosqlbody", tText, "proconfig", tTextArray, "proacl", tTextArray), pgProc},
		// The regproc columns hold function names, "-" for none, as the
		// other catalogs' do.
		{2600, PgCatalog, "pg_aggregate", 'r', cols(
			"aggfnoid", tOID, "aggkind", tChar, "aggnumdirectargs", tInt2, "aggtransfn", tText, "aggfinalfn", tText,
			"aggcombinefn", tText, "aggserialfn", tText, "aggdeserialfn", tText, "aggmtransfn", tText,
			"aggminvtransfn", tText, "aggmfinalfn", tText, "aggfinalextra", tBool, "aggmfinalextra", tBool,
			"aggfinalmodify", tChar, "aggmfinalmodify", tChar, "aggsortop", tOID, "aggtranstype", tOID,
			"aggtransspace", tInt4, "aggmtranstype", tOID, "aggmtransspace", tInt4, "agginitval", tText,
			"aggminitval", tText), pgAggregate},
		{2609, PgCatalog, "pg_description", 'r', cols(
			"objoid", tOID, "classoid", tOID, "objsubid", tInt4, "description", tText), pgDescription},
		{2396, PgCatalog, "pg_shdescription", 'r', cols(
			"objoid", tOID, "classoid", tOID, "description", tText), pgShdescription},
		{2606, PgCatalog, "pg_constraint", 'r', cols(
			"oid", tOID, "conname", tName, "connamespace", tOID, "contype", tChar, "condeferrable", tBool,
			"condeferred", tBool, "convalidated", tBool, "conrelid", tOID, "contypid", tOID,
			"conindid", tOID, "conparentid", tOID, "confrelid", tOID, "confupdtype", tChar,
			"confdeltype", tChar, "confmatchtype", tChar, "conislocal", tBool, "coninhcount", tInt4,
			"connoinherit", tBool, "conkey", tInt2Array, "confkey", tInt2Array, "conpfeqop", tOIDArray,
			"conppeqop", tOIDArray, "conffeqop", tOIDArray, "confdelsetcols", tInt2Array, "conexclop", tOIDArray,
			"conbin", tText), pgConstraint},
		{2601, PgCatalog, "pg_am", 'r', cols("oid", tOID, "amname", tName, "amhandler", tText, "amtype", tChar), pgAm},
		{12002, PgCatalog, "pg_settings", 'v', cols(
			"name", tText, "setting", tText, "unit", tText, "category", tText, "short_desc", tText,
			"extra_desc", tText, "context", tText, "vartype", tText, "source", tText, "min_val", tText,
			"max_val", tText, "enumvals", tTextArray, "boot_val", tText, "reset_val", tText,
			"sourcefile", tText, "sourceline", tInt4, "pending_restart", tBool), pgSettings},
		// GRANT SET ON PARAMETER is not supported: no parameter has an ACL
		// (psql's \dconfig+ joins it).
		{6243, PgCatalog, "pg_parameter_acl", 'r', cols("oid", tOID, "parname", tText, "paracl", tTextArray), empty},
		{12003, PgCatalog, "pg_tables", 'v', cols(
			"schemaname", tName, "tablename", tName, "tableowner", tName, "tablespace", tName,
			"hasindexes", tBool, "hasrules", tBool, "hastriggers", tBool, "rowsecurity", tBool), pgTables},
		{12051, PgCatalog, "pg_policies", 'v', cols(
			"schemaname", tName, "tablename", tName, "policyname", tName, "permissive", tText,
			"roles", arrayOf(tName), "cmd", tText, "qual", tText, "with_check", tText), pgPolicies},
		{3256, PgCatalog, "pg_policy", 'r', cols(
			"oid", tOID, "polname", tName, "polrelid", tOID, "polcmd", tChar, "polpermissive", tBool,
			"polroles", tOIDArray, "polqual", tText, "polwithcheck", tText), pgPolicy},
		{12004, PgCatalog, "pg_views", 'v', cols(
			"schemaname", tName, "viewname", tName, "viewowner", tName, "definition", tText), pgViews},
		{12005, PgCatalog, "pg_matviews", 'v', cols(
			"schemaname", tName, "matviewname", tName, "matviewowner", tName, "tablespace", tName,
			"hasindexes", tBool, "ispopulated", tBool, "definition", tText), pgMatviews},
		{12006, PgCatalog, "pg_indexes", 'v', cols(
			"schemaname", tName, "tablename", tName, "indexname", tName, "tablespace", tName,
			"indexdef", tText), pgIndexes},
		{2611, PgCatalog, "pg_inherits", 'r', cols(
			"inhrelid", tOID, "inhparent", tOID, "inhseqno", tInt4, "inhdetachpending", tBool), pgInherits},
		{3350, PgCatalog, "pg_partitioned_table", 'r', cols(
			"partrelid", tOID, "partstrat", tChar, "partnatts", tInt2, "partdefid", tOID,
			"partattrs", value.TypeInt2Vector, "partclass", value.TypeOidVector, "partcollation", value.TypeOidVector, "partexprs", tText), pgPartitionedTable},
		{3456, PgCatalog, "pg_collation", 'r', cols(
			"oid", tOID, "collname", tName, "collnamespace", tOID, "collowner", tOID,
			"collprovider", tChar, "collisdeterministic", tBool, "collencoding", tInt4,
			"collcollate", tText, "collctype", tText, "colliculocale", tText, "collversion", tText), pgCollation},
		{2604, PgCatalog, "pg_attrdef", 'r', cols("oid", tOID, "adrelid", tOID, "adnum", tInt2, "adbin", tText), pgAttrdef},
		{1213, PgCatalog, "pg_tablespace", 'r', cols(
			"oid", tOID, "spcname", tName, "spcowner", tOID, "spcacl", tTextArray, "spcoptions", tTextArray), pgTablespace},
		{3079, PgCatalog, "pg_extension", 'r', cols(
			"oid", tOID, "extname", tName, "extowner", tOID, "extnamespace", tOID,
			"extrelocatable", tBool, "extversion", tText, "extconfig", tOIDArray, "extcondition", tTextArray), pgExtension},
		{2620, PgCatalog, "pg_trigger", 'r', cols(
			"oid", tOID, "tgrelid", tOID, "tgparentid", tOID, "tgname", tName, "tgfoid", tOID,
			"tgtype", tInt2, "tgenabled", tChar, "tgisinternal", tBool, "tgconstrrelid", tOID,
			"tgconstrindid", tOID, "tgconstraint", tOID, "tgdeferrable", tBool,
			"tginitdeferred", tBool, "tgnargs", tInt2, "tgattr", value.TypeInt2Vector, "tgargs", tText,
			"tgqual", tText, "tgoldtable", tName, "tgnewtable", tName), pgTrigger},
		{2618, PgCatalog, "pg_rewrite", 'r', cols(
			"oid", tOID, "rulename", tName, "ev_class", tOID, "ev_type", tChar, "ev_enabled", tChar,
			"is_instead", tBool, "ev_qual", tText, "ev_action", tText), empty},
		{6104, PgCatalog, "pg_publication", 'r', cols(
			"oid", tOID, "pubname", tName, "pubowner", tOID, "puballtables", tBool, "pubinsert", tBool,
			"pubupdate", tBool, "pubdelete", tBool, "pubtruncate", tBool, "pubviaroot", tBool), empty},
		{6106, PgCatalog, "pg_publication_rel", 'r', cols(
			"oid", tOID, "prpubid", tOID, "prrelid", tOID, "prqual", tText, "prattrs", tInt2Array), empty},
		{6237, PgCatalog, "pg_publication_namespace", 'r', cols(
			"oid", tOID, "pnpubid", tOID, "pnnspid", tOID), empty},
		{3381, PgCatalog, "pg_statistic_ext", 'r', cols(
			"oid", tOID, "stxrelid", tOID, "stxname", tName, "stxnamespace", tOID, "stxowner", tOID,
			"stxstattarget", tInt4, "stxkeys", value.TypeInt2Vector, "stxkind", arrayOf(tChar), "stxexprs", tText), pgStatisticExt},
		{3429, PgCatalog, "pg_statistic_ext_data", 'r', cols(
			"stxoid", tOID, "stxdinherit", tBool, "stxdndistinct", tText, "stxddependencies", tText,
			"stxdmcv", tText, "stxdexpr", tText), empty},
		{12067, PgCatalog, "pg_stats_ext", 'v', cols(
			"schemaname", tName, "tablename", tName, "statistics_schemaname", tName, "statistics_name", tName,
			"statistics_owner", tName, "attnames", arrayOf(tName), "exprs", tTextArray, "kinds", arrayOf(tChar),
			"inherited", tBool, "n_distinct", tText, "dependencies", tText, "most_common_vals", tTextArray,
			"most_common_val_nulls", arrayOf(tBool), "most_common_freqs", arrayOf(value.TypeFloat8),
			"most_common_base_freqs", arrayOf(value.TypeFloat8)), pgStatsExt},
		{3118, PgCatalog, "pg_foreign_table", 'r', cols(
			"ftrelid", tOID, "ftserver", tOID, "ftoptions", tTextArray), empty},
		{2612, PgCatalog, "pg_language", 'r', cols(
			"oid", tOID, "lanname", tName, "lanowner", tOID, "lanispl", tBool, "lanpltrusted", tBool,
			"lanplcallfoid", tOID, "laninline", tOID, "lanvalidator", tOID, "lanacl", tTextArray), pgLanguage},
		{2607, PgCatalog, "pg_conversion", 'r', cols(
			"oid", tOID, "conname", tName, "connamespace", tOID, "conowner", tOID,
			"conforencoding", tInt4, "contoencoding", tInt4, "conproc", tText, "condefault", tBool), empty},
		{2605, PgCatalog, "pg_cast", 'r', cols(
			"oid", tOID, "castsource", tOID, "casttarget", tOID, "castfunc", tOID,
			"castcontext", tChar, "castmethod", tChar), empty},
		{3501, PgCatalog, "pg_enum", 'r', cols(
			"oid", tOID, "enumtypid", tOID, "enumsortorder", tFloat, "enumlabel", tName), pgEnum},
		{3541, PgCatalog, "pg_range", 'r', cols(
			"rngtypid", tOID, "rngsubtype", tOID, "rngmultitypid", tOID, "rngcollation", tOID,
			"rngsubopc", tOID, "rngcanonical", tText, "rngsubdiff", tText), pgRange},
		{2617, PgCatalog, "pg_operator", 'r', cols(
			"oid", tOID, "oprname", tName, "oprnamespace", tOID, "oprowner", tOID, "oprkind", tChar,
			"oprcanmerge", tBool, "oprcanhash", tBool, "oprleft", tOID, "oprright", tOID,
			"oprresult", tOID, "oprcom", tOID, "oprnegate", tOID, "oprcode", tText), empty},
		{1417, PgCatalog, "pg_foreign_server", 'r', cols(
			"oid", tOID, "srvname", tName, "srvowner", tOID, "srvfdw", tOID, "srvtype", tText,
			"srvversion", tText, "srvacl", tTextArray, "srvoptions", tTextArray), empty},
		{2328, PgCatalog, "pg_foreign_data_wrapper", 'r', cols(
			"oid", tOID, "fdwname", tName, "fdwowner", tOID, "fdwhandler", tText, "fdwvalidator", tText,
			"fdwacl", tTextArray, "fdwoptions", tTextArray), empty},
		{2753, PgCatalog, "pg_opfamily", 'r', cols(
			"oid", tOID, "opfmethod", tOID, "opfname", tName, "opfnamespace", tOID, "opfowner", tOID), empty},
		{2616, PgCatalog, "pg_opclass", 'r', cols(
			"oid", tOID, "opcmethod", tOID, "opcname", tName, "opcnamespace", tOID, "opcowner", tOID,
			"opcfamily", tOID, "opcintype", tOID, "opcdefault", tBool, "opckeytype", tOID), pgOpclass},
		{3466, PgCatalog, "pg_event_trigger", 'r', cols(
			"oid", tOID, "evtname", tName, "evtevent", tName, "evtowner", tOID, "evtfoid", tOID,
			"evtenabled", tChar, "evttags", tTextArray), empty},
		// Catalogs of objects zerodb does not have (transforms,
		// subscriptions, large objects, default privileges, security
		// labels, operator families' members, extensions' initial
		// privileges, per-database and per-role settings): pg_dump reads
		// each, and their truthful answer is no rows. The text search
		// catalogs among them hold the built-in parser, templates,
		// dictionaries and configurations, in pg_catalog, which pg_dump
		// leaves out.
		{3416, PgCatalog, "pg_init_privs", 'r', cols(
			"objoid", tOID, "classoid", tOID, "objsubid", tInt4, "privtype", tChar, "initprivs", tTextArray), empty},
		{3601, PgCatalog, "pg_ts_parser", 'r', cols(
			"oid", tOID, "prsname", tName, "prsnamespace", tOID, "prsstart", tOID, "prstoken", tOID,
			"prsend", tOID, "prsheadline", tOID, "prslextype", tOID), pgTSParser},
		{3764, PgCatalog, "pg_ts_template", 'r', cols(
			"oid", tOID, "tmplname", tName, "tmplnamespace", tOID, "tmplinit", tOID, "tmpllexize", tOID), pgTSTemplate},
		{3600, PgCatalog, "pg_ts_dict", 'r', cols(
			"oid", tOID, "dictname", tName, "dictnamespace", tOID, "dictowner", tOID, "dicttemplate", tOID,
			"dictinitoption", tText), pgTSDict},
		{3602, PgCatalog, "pg_ts_config", 'r', cols(
			"oid", tOID, "cfgname", tName, "cfgnamespace", tOID, "cfgowner", tOID, "cfgparser", tOID), pgTSConfig},
		{826, PgCatalog, "pg_default_acl", 'r', cols(
			"oid", tOID, "defaclrole", tOID, "defaclnamespace", tOID, "defaclobjtype", tChar, "defaclacl", tTextArray), pgDefaultACL},
		{3576, PgCatalog, "pg_transform", 'r', cols(
			"oid", tOID, "trftype", tOID, "trflang", tOID, "trffromsql", tOID, "trftosql", tOID), empty},
		{6100, PgCatalog, "pg_subscription", 'r', cols(
			"oid", tOID, "subdbid", tOID, "subskiplsn", tText, "subname", tName, "subowner", tOID,
			"subenabled", tBool, "subbinary", tBool, "substream", tBool, "subtwophasestate", tChar,
			"subdisableonerr", tBool, "subconninfo", tText, "subslotname", tName, "subsynccommit", tText,
			"subpublications", tTextArray), empty},
		{2995, PgCatalog, "pg_largeobject_metadata", 'r', cols(
			"oid", tOID, "lomowner", tOID, "lomacl", tTextArray), largeObjectMetadata},
		{oidPgLargeObject, PgCatalog, "pg_largeobject", 'r', cols(
			"loid", tOID, "pageno", tInt4, "data", value.TypeBytea), largeObjectData},
		{2602, PgCatalog, "pg_amop", 'r', cols(
			"oid", tOID, "amopfamily", tOID, "amoplefttype", tOID, "amoprighttype", tOID, "amopstrategy", tInt2,
			"amoppurpose", tChar, "amopopr", tOID, "amopmethod", tOID, "amopsortfamily", tOID), empty},
		{2603, PgCatalog, "pg_amproc", 'r', cols(
			"oid", tOID, "amprocfamily", tOID, "amproclefttype", tOID, "amprocrighttype", tOID,
			"amprocnum", tInt2, "amproc", tText), empty},
		{2964, PgCatalog, "pg_db_role_setting", 'r', cols(
			"setdatabase", tOID, "setrole", tOID, "setconfig", tTextArray), empty},
		{3592, PgCatalog, "pg_shseclabel", 'r', cols(
			"objoid", tOID, "classoid", tOID, "provider", tText, "label", tText), empty},
		{3596, PgCatalog, "pg_seclabel", 'r', cols(
			"objoid", tOID, "classoid", tOID, "objsubid", tInt4, "provider", tText, "label", tText), empty},
		{12400, PgCatalog, "pg_seclabels", 'v', cols(
			"objoid", tOID, "classoid", tOID, "objsubid", tInt4, "objtype", tText, "objnamespace", tOID,
			"objname", tText, "provider", tText, "label", tText), empty},
		{1214, PgCatalog, "pg_shdepend", 'r', cols(
			"dbid", tOID, "classid", tOID, "objid", tOID, "objsubid", tInt4, "refclassid", tOID,
			"refobjid", tOID, "deptype", tChar), empty},
		{2608, PgCatalog, "pg_depend", 'r', cols(
			"classid", tOID, "objid", tOID, "objsubid", tInt4, "refclassid", tOID, "refobjid", tOID,
			"refobjsubid", tInt4, "deptype", tChar), pgDepend},
		{2224, PgCatalog, "pg_sequence", 'r', cols(
			"seqrelid", tOID, "seqtypid", tOID, "seqstart", tInt8, "seqincrement", tInt8,
			"seqmax", tInt8, "seqmin", tInt8, "seqcache", tInt8, "seqcycle", tBool), pgSequence},
		{12008, PgCatalog, "pg_sequences", 'v', cols(
			"schemaname", tName, "sequencename", tName, "sequenceowner", tName, "data_type", tRegtype,
			"start_value", tInt8, "min_value", tInt8, "max_value", tInt8, "increment_by", tInt8,
			"cycle", tBool, "cache_size", tInt8, "last_value", tInt8), pgSequences},
		{12009, PgCatalog, "pg_cursors", 'v', cols(
			"name", tText, "statement", tText, "is_holdable", tBool, "is_binary", tBool,
			"is_scrollable", tBool, "creation_time", tTime), pgCursors},
		{12050, PgCatalog, "pg_locks", 'v', cols(
			"locktype", tText, "database", tOID, "relation", tOID, "page", tInt4, "tuple", tInt2,
			"virtualxid", tText, "transactionid", tText, "classid", tOID, "objid", tOID, "objsubid", tInt2,
			"virtualtransaction", tText, "pid", tInt4, "mode", tText, "granted", tBool, "fastpath", tBool,
			"waitstart", tTime), pgLocks},
		{12060, PgCatalog, "pg_available_extensions", 'v', cols(
			"name", tName, "default_version", tText, "installed_version", tText, "comment", tText), pgAvailableExtensions},
		{12061, PgCatalog, "pg_available_extension_versions", 'v', cols(
			"name", tName, "version", tText, "installed", tBool, "superuser", tBool, "trusted", tBool,
			"relocatable", tBool, "schema", tName, "requires", arrayOf(tName), "comment", tText), pgAvailableExtensionVersions},
		{12062, PgCatalog, "pg_timezone_names", 'v', cols(
			"name", tText, "abbrev", tText, "utc_offset", value.TypeInterval, "is_dst", tBool), pgTimezoneNames},
		{12063, PgCatalog, "pg_timezone_abbrevs", 'v', cols(
			"abbrev", tText, "utc_offset", value.TypeInterval, "is_dst", tBool), pgTimezoneAbbrevs},
		// ANALYZE keeps a table's row count (pg_class.reltuples) and no
		// statistics per column: pg_stats has PostgreSQL's columns and no
		// rows.
		{12064, PgCatalog, "pg_stats", 'v', cols(
			"schemaname", tName, "tablename", tName, "attname", tName, "inherited", tBool,
			"null_frac", tFloat, "avg_width", tInt4, "n_distinct", tFloat, "most_common_vals", tTextArray,
			"most_common_freqs", arrayOf(tFloat), "histogram_bounds", tTextArray, "correlation", tFloat,
			"most_common_elems", tTextArray, "most_common_elem_freqs", arrayOf(tFloat),
			"elem_count_histogram", arrayOf(tFloat)), empty},
		{12065, PgCatalog, "pg_group", 'v', cols("groname", tName, "grosysid", tOID, "grolist", tOIDArray), pgGroup},
		{12066, PgCatalog, "pg_shadow", 'v', cols(
			"usename", tName, "usesysid", tOID, "usecreatedb", tBool, "usesuper", tBool, "userepl", tBool,
			"usebypassrls", tBool, "passwd", tText, "valuntil", tTime, "useconfig", tTextArray), pgShadow},
		{12007, PgCatalog, "pg_stat_activity", 'v', cols(
			"datid", tOID, "datname", tName, "pid", tInt4, "leader_pid", tInt4, "usesysid", tOID,
			"usename", tName, "application_name", tText, "client_addr", value.TypeInet, "client_hostname", tText,
			"client_port", tInt4, "backend_start", tTime, "xact_start", tTime, "query_start", tTime,
			"state_change", tTime, "wait_event_type", tText, "wait_event", tText, "state", tText,
			"backend_xid", tText, "backend_xmin", tText, "query_id", tInt8, "query", tText,
			"backend_type", tText), pgStatActivity},
		// information_schema (information_schema.go).
		{12100, InformationSchema, "schemata", 'v', cols(
			"catalog_name", tName, "schema_name", tName, "schema_owner", tName,
			"default_character_set_catalog", tName, "default_character_set_schema", tName,
			"default_character_set_name", tName, "sql_path", tText), isSchemata},
		{12101, InformationSchema, "tables", 'v', cols(
			"table_catalog", tName, "table_schema", tName, "table_name", tName, "table_type", tText,
			"self_referencing_column_name", tName, "reference_generation", tText,
			"user_defined_type_catalog", tName, "user_defined_type_schema", tName,
			"user_defined_type_name", tName, "is_insertable_into", tText, "is_typed", tText,
			"commit_action", tText), isTables},
		{12102, InformationSchema, "columns", 'v', cols(
			"table_catalog", tName, "table_schema", tName, "table_name", tName, "column_name", tName,
			"ordinal_position", tInt4, "column_default", tText, "is_nullable", tText, "data_type", tText,
			"character_maximum_length", tInt4, "character_octet_length", tInt4,
			"numeric_precision", tInt4, "numeric_precision_radix", tInt4, "numeric_scale", tInt4,
			"datetime_precision", tInt4, "interval_type", tText, "interval_precision", tInt4,
			"character_set_catalog", tName, "character_set_schema", tName, "character_set_name", tName,
			"collation_catalog", tName, "collation_schema", tName, "collation_name", tName,
			"domain_catalog", tName, "domain_schema", tName, "domain_name", tName,
			"udt_catalog", tName, "udt_schema", tName, "udt_name", tName,
			"scope_catalog", tName, "scope_schema", tName, "scope_name", tName,
			"maximum_cardinality", tInt4, "dtd_identifier", tName, "is_self_referencing", tText,
			"is_identity", tText, "identity_generation", tText, "identity_start", tText,
			"identity_increment", tText, "identity_maximum", tText, "identity_minimum", tText,
			"identity_cycle", tText, "is_generated", tText, "generation_expression", tText,
			"is_updatable", tText), isColumns},
		{12103, InformationSchema, "table_constraints", 'v', cols(
			"constraint_catalog", tName, "constraint_schema", tName, "constraint_name", tName,
			"table_catalog", tName, "table_schema", tName, "table_name", tName, "constraint_type", tText,
			"is_deferrable", tText, "initially_deferred", tText, "enforced", tText,
			"nulls_distinct", tText), isTableConstraints},
		{12104, InformationSchema, "key_column_usage", 'v', cols(
			"constraint_catalog", tName, "constraint_schema", tName, "constraint_name", tName,
			"table_catalog", tName, "table_schema", tName, "table_name", tName, "column_name", tName,
			"ordinal_position", tInt4, "position_in_unique_constraint", tInt4), isKeyColumnUsage},
		{12106, InformationSchema, "sequences", 'v', cols(
			"sequence_catalog", tName, "sequence_schema", tName, "sequence_name", tName,
			"data_type", tText, "numeric_precision", tInt4, "numeric_precision_radix", tInt4,
			"numeric_scale", tInt4, "start_value", tText, "minimum_value", tText,
			"maximum_value", tText, "increment", tText, "cycle_option", tText), isSequences},
		{12105, InformationSchema, "views", 'v', cols(
			"table_catalog", tName, "table_schema", tName, "table_name", tName,
			"view_definition", tText, "check_option", tText, "is_updatable", tText,
			"is_insertable_into", tText, "is_trigger_updatable", tText,
			"is_trigger_deletable", tText, "is_trigger_insertable_into", tText), isViews},
		{12107, InformationSchema, "table_privileges", 'v', tablePrivilegeCols(), isTablePrivileges},
		{12108, InformationSchema, "role_table_grants", 'v', tablePrivilegeCols(), isTablePrivileges},
		{12109, InformationSchema, "applicable_roles", 'v', cols(
			"grantee", tName, "role_name", tName, "is_grantable", tText), isApplicableRoles},
		{12110, InformationSchema, "enabled_roles", 'v', cols("role_name", tName), isEnabledRoles},
		{12111, InformationSchema, "referential_constraints", 'v', cols(
			"constraint_catalog", tName, "constraint_schema", tName, "constraint_name", tName,
			"unique_constraint_catalog", tName, "unique_constraint_schema", tName,
			"unique_constraint_name", tName, "match_option", tText, "update_rule", tText,
			"delete_rule", tText), isReferentialConstraints},
		{12112, InformationSchema, "check_constraints", 'v', cols(
			"constraint_catalog", tName, "constraint_schema", tName, "constraint_name", tName,
			"check_clause", tText), isCheckConstraints},
		{12113, InformationSchema, "constraint_column_usage", 'v', cols(
			"table_catalog", tName, "table_schema", tName, "table_name", tName, "column_name", tName,
			"constraint_catalog", tName, "constraint_schema", tName, "constraint_name", tName), isConstraintColumnUsage},
		{12114, InformationSchema, "constraint_table_usage", 'v', cols(
			"table_catalog", tName, "table_schema", tName, "table_name", tName,
			"constraint_catalog", tName, "constraint_schema", tName, "constraint_name", tName), isConstraintTableUsage},
		{12115, InformationSchema, "routines", 'v', routineCols(), isRoutines},
		{12118, InformationSchema, "routine_privileges", 'v', routinePrivilegeCols(), isRoutinePrivileges},
		{12119, InformationSchema, "role_routine_grants", 'v', routinePrivilegeCols(), isRoutinePrivileges},
		{12116, InformationSchema, "parameters", 'v', cols(
			"specific_catalog", tName, "specific_schema", tName, "specific_name", tName,
			"ordinal_position", tInt4, "parameter_mode", tText, "is_result", tText, "as_locator", tText,
			"parameter_name", tName, "data_type", tText, "character_maximum_length", tInt4,
			"character_octet_length", tInt4, "character_set_catalog", tName, "character_set_schema", tName,
			"character_set_name", tName, "collation_catalog", tName, "collation_schema", tName,
			"collation_name", tName, "numeric_precision", tInt4, "numeric_precision_radix", tInt4,
			"numeric_scale", tInt4, "datetime_precision", tInt4, "interval_type", tText,
			"interval_precision", tInt4, "udt_catalog", tName, "udt_schema", tName, "udt_name", tName,
			"scope_catalog", tName, "scope_schema", tName, "scope_name", tName,
			"maximum_cardinality", tInt4, "dtd_identifier", tName, "parameter_default", tText), isParameters},
		{12117, InformationSchema, "triggers", 'v', cols(
			"trigger_catalog", tName, "trigger_schema", tName, "trigger_name", tName,
			"event_manipulation", tText, "event_object_catalog", tName, "event_object_schema", tName,
			"event_object_table", tName, "action_order", tInt4, "action_condition", tText,
			"action_statement", tText, "action_orientation", tText, "action_timing", tText,
			"action_reference_old_table", tName, "action_reference_new_table", tName,
			"action_reference_old_row", tName, "action_reference_new_row", tName, "created", tTime), isTriggers},
	}
}

func empty(*model, *rowSet) error { return nil }

// The text search objects zerodb has (engine/tsearch): the default
// parser, the simple and english configurations and their dictionaries
// and templates, at PostgreSQL 15's OIDs (english's and snowball's are
// those initdb gives them).
const (
	oidTSParserDefault  = 3722
	oidTSTemplateSimple = 3727
	oidTSTemplateSnow   = 13150
)

func pgTSParser(_ *model, out *rowSet) error {
	out.add(uint32(oidTSParserDefault), "default", uint32(OIDPgCatalog), uint32(0), uint32(0), uint32(0), uint32(0), uint32(0))
	return out.err
}

func pgTSTemplate(_ *model, out *rowSet) error {
	out.add(uint32(oidTSTemplateSimple), "simple", uint32(OIDPgCatalog), uint32(0), uint32(0))
	out.add(uint32(oidTSTemplateSnow), "snowball", uint32(OIDPgCatalog), uint32(0), uint32(0))
	return out.err
}

func pgTSDict(_ *model, out *rowSet) error {
	out.add(uint32(3765), "simple", uint32(OIDPgCatalog), OIDBootstrapRole, uint32(oidTSTemplateSimple), nil)
	out.add(uint32(13163), "english_stem", uint32(OIDPgCatalog), OIDBootstrapRole, uint32(oidTSTemplateSnow),
		"language = 'english', stopwords = 'english'")
	return out.err
}

func pgTSConfig(_ *model, out *rowSet) error {
	out.add(uint32(3748), "simple", uint32(OIDPgCatalog), OIDBootstrapRole, uint32(oidTSParserDefault))
	out.add(uint32(13164), "english", uint32(OIDPgCatalog), OIDBootstrapRole, uint32(oidTSParserDefault))
	return out.err
}

func nspName(oid uint32) string {
	switch oid {
	case OIDPgCatalog:
		return PgCatalog
	case OIDInformationSchema:
		return InformationSchema
	}
	return "public"
}

// nspName is nspName knowing the session's temporary schema.
func (m *model) nspName(oid uint32) string {
	if n := namespaceNameIn(m.e, oid); n != "" {
		return n
	}
	return nspName(oid)
}

// oidPgClass is pg_class's own OID, the classoid of a table's comment.
const (
	oidPgClass      uint32 = 1259
	oidPgType       uint32 = 1247
	oidPgProc       uint32 = 1255
	oidPgNamespace  uint32 = 2615
	oidPgExtension  uint32 = 3079
	oidPgConstraint uint32 = 2606
	oidPgDatabase   uint32 = 1262
	oidPgTrigger    uint32 = 2620
	oidPgPolicy     uint32 = 3256
	// pg_largeobject's OID is the classoid of a large object's comment.
	oidPgLargeObject uint32 = 2613
)

// pgDescription lists the comments of tables and their columns.
func pgDescription(m *model, out *rowSet) error {
	m.each(func(r *relInfo) {
		if c := r.comment(); c != "" {
			out.add(r.oid, oidPgClass, int32(0), c)
		}
		if !r.stored() {
			return
		}
		for i := range r.table.Fields {
			if c := r.table.Fields[i].Comment; c != "" {
				out.add(r.oid, oidPgClass, int32(attnumOf(r, r.table.Fields[i].Name)), c)
			}
		}
		for _, name := range slices.Sorted(maps.Keys(r.table.ConstraintComments)) {
			out.add(constraintOID(r.table, name), oidPgConstraint, int32(0), r.table.ConstraintComments[name])
		}
		for i := range r.table.Triggers {
			if tg := &r.table.Triggers[i]; tg.Comment != "" {
				out.add(TriggerOID(r.table.ID, tg.Name), oidPgTrigger, int32(0), tg.Comment)
			}
		}
		for i := range r.table.Policies {
			if pl := &r.table.Policies[i]; pl.Comment != "" {
				out.add(policyOID(r.table, pl.Name), oidPgPolicy, int32(0), pl.Comment)
			}
		}
		for i := range r.table.Statistics {
			if st := &r.table.Statistics[i]; st.Comment != "" {
				out.add(statisticOID(r.table, st.Name), oidPgStatisticExt, int32(0), st.Comment)
			}
		}
	})
	if m.err != nil {
		return m.err
	}
	ps, err := m.procs()
	if err != nil {
		return err
	}
	for _, p := range ps {
		if p.fn != nil && p.fn.Comment != "" {
			out.add(p.oid, oidPgProc, int32(0), p.fn.Comment)
		}
	}
	for _, s := range m.e.userSchemas() {
		if s.Comment != "" {
			out.add(SchemaOID(s.ID), oidPgNamespace, int32(0), s.Comment)
		}
	}
	types, err := m.userTypes()
	if err != nil {
		return err
	}
	for i := range types {
		if c := types[i].comment(); c != "" {
			out.add(types[i].oid(), oidPgType, int32(0), c)
		}
	}
	for _, e := range builtin.Extensions() {
		out.add(e.OID, oidPgExtension, int32(0), e.Comment)
	}
	los, err := m.largeObjects()
	for _, lo := range los {
		if lo.Comment != "" {
			out.add(int64(lo.OID), oidPgLargeObject, int32(0), lo.Comment)
		}
	}
	return err
}

// attnumOf is the attnum of a table's column (0 when it has none).
// checkAttrs is pg_constraint.conkey of a CHECK constraint on expr: the
// numbers of the columns it reads, ascending (Django's introspection
// reads a check's columns from it). nil when it reads none or the
// expression cannot be read (no ExprColumns).
func (m *model) checkAttrs(r *relInfo, expr string) []int16 {
	if m.e.ExprColumns == nil {
		return nil
	}
	var attrs []int16
	for _, col := range m.e.ExprColumns(expr) {
		if n := attnumOf(r, col); n > 0 {
			attrs = append(attrs, int16(n))
		}
	}
	slices.Sort(attrs)
	return slices.Compact(attrs)
}

func attnumOf(r *relInfo, name string) int {
	for i, c := range r.cols {
		if c.name == name {
			return i + 1
		}
	}
	return 0
}

// pgExtension lists the extensions zerodb builds in.
func pgExtension(_ *model, out *rowSet) error {
	for _, e := range builtin.Extensions() {
		out.add(e.OID, e.Name, OIDBootstrapRole, OIDPgCatalog, e.Relocatable, e.Version, nil, nil)
	}
	return nil
}

func pgNamespace(m *model, out *rowSet) error {
	out.add(OIDPgCatalog, PgCatalog, OIDBootstrapRole, nil)
	// public's access list is PostgreSQL 15's, which pg_dump takes as
	// public's own and so dumps no GRANT or REVOKE of it.
	out.add(OIDPublic, "public", OIDBootstrapRole, aclValue([]catalog.ACLItem{
		{Grantee: bootstrapRole, Grantor: bootstrapRole, Privs: catalog.SchemaPrivileges},
		{Grantor: bootstrapRole, Privs: catalog.PrivUsage}}))
	out.add(OIDInformationSchema, InformationSchema, OIDBootstrapRole, nil)
	if tmp := m.e.Temp; tmp != nil {
		// Only the session's own: PostgreSQL lists every backend's, but
		// another session's temporary schema is nothing this one may see.
		out.add(TempSchemaOID(tmp.Name), tmp.Name, OIDBootstrapRole, nil)
	}
	for _, s := range m.e.userSchemas() {
		out.add(SchemaOID(s.ID), s.Name, RoleOID(s.OwnerName()), aclValue(s.ACL))
	}
	return nil
}

// relTuples is pg_class.reltuples: the row count the last ANALYZE
// kept for a table and its indexes (-1 for a table never analyzed, 0 for
// its indexes, as PostgreSQL shows them), one row for a sequence.
func relTuples(r *relInfo) float64 {
	switch r.kind {
	case 'r', 'm', 'i':
		if r.table != nil && r.table.Stats != nil {
			return float64(r.table.Stats.Rows)
		}
		if r.kind == 'i' {
			return 0
		}
	case 'S':
		return 1
	}
	return -1
}

func pgClass(m *model, out *rowSet) error {
	m.each(func(r *relInfo) {
		// relchecks: psql \d shows a table's CHECK constraints only when
		// it is not zero.
		checks := int16(0)
		if r.kind == 'r' && r.table != nil {
			checks = int16(len(r.table.Checks))
		}
		owner, acl := relACL(r)
		rls, force := rowSecurity(r)
		out.add(r.oid, r.name, r.nsp, r.rowType, uint32(0), owner, r.am, r.oid, uint32(0),
			int32(0), relTuples(r), int32(0), r.toast, len(r.indexes) > 0,
			false, persistence(r), relKind(r), int16(len(r.cols)),
			checks, false, m.hasTriggers(r), r.kind == 'r' && r.table != nil && len(r.table.Children) > 0,
			rls, force, true,
			replicaIdentity(r), isPartition(r), uint32(0), int64(0),
			int64(0), acl, relOptions(r), m.partBound(r))
	})
	return m.err
}

// replicaIdentity is relreplident: a table's REPLICA IDENTITY ('d' by
// default), 'n' for the relations that have none.
func replicaIdentity(r *relInfo) byte {
	switch {
	case r.kind != 'r' && r.kind != 'p' && r.kind != 'm' || r.table == nil:
		return 'n'
	case r.table.ReplicaIdentity != 0:
		return r.table.ReplicaIdentity
	}
	return 'd'
}

// relOptions is reloptions: a relation's storage parameters, or a
// view's WITH (...) options, which psql \d+ shows and pg_dump writes
// (NULL for none).
func relOptions(r *relInfo) any {
	if opts := r.storageOptions(); len(opts) > 0 {
		vs := make([]value.Value, len(opts))
		for i, o := range opts {
			vs[i] = value.String(o)
		}
		return value.List(vs)
	}
	if r.kind != 'v' || r.view == nil {
		return nil
	}
	var opts []value.Value
	if r.view.SecurityBarrier {
		opts = append(opts, value.String("security_barrier=true"))
	}
	if r.view.SecurityInvoker {
		opts = append(opts, value.String("security_invoker=true"))
	}
	if opts == nil {
		return nil
	}
	return value.List(opts)
}

// rowSecurity is relrowsecurity and relforcerowsecurity.
func rowSecurity(r *relInfo) (enabled, forced bool) {
	if r.kind != 'r' || r.table == nil {
		return false, false
	}
	return r.table.RowSecurity, r.table.ForceRowSecurity
}

// persistence is relpersistence: 't' for a temporary table, its indexes
// and sequences, 'p' for the rest.
func persistence(r *relInfo) byte {
	if (r.table != nil && r.table.Temporary()) || (r.seq != nil && keys.IsTempDatabase(r.seq.Database)) {
		return 't'
	}
	return 'p'
}

// hasTriggers is relhastriggers: PostgreSQL enforces foreign keys by
// triggers on both tables, and psql's \d lists a table's foreign keys
// (and those referencing it) only when it is set.
func (m *model) hasTriggers(r *relInfo) bool {
	if r.kind == 'v' && r.view != nil {
		return len(r.view.Triggers) > 0
	}
	return r.kind == 'r' && r.table != nil && (len(r.table.ForeignKeys) > 0 || len(r.table.ReferencedBy) > 0 || len(r.table.Triggers) > 0 || m.referencedAbove(r))
}

// storageOf is the storage strategy (attstorage, typstorage) of a type
// of length typlen: extended for the variable-length ones, plain for
// the others. A column's and its type's must agree: pg_dump writes
// ALTER COLUMN ... SET STORAGE for a column whose storage differs.
// TypeStorage is the storage (pg_type.typstorage) of a column type:
// 'p' (PLAIN) for a type of fixed length, else 'x' (EXTENDED).
func TypeStorage(t value.Type) byte {
	if catalog.IsEnumType(t) {
		return 'p'
	}
	oid, _ := typeOf(t)
	if bt, ok := findBuiltinType(oid); ok {
		return storageOf(bt.len)
	}
	return 'x'
}

// ColumnTypeName is a column type's name as PostgreSQL's messages give
// it (format_type without the modifier).
func ColumnTypeName(t value.Type) string {
	oid, _ := typeOf(t)
	if name, ok := FormatType(oid, -1); ok {
		return name
	}
	return t.SQLName()
}

func storageOf(typlen int16) byte {
	if typlen == -1 {
		return 'x'
	}
	return 'p'
}

func pgAttribute(m *model, out *rowSet) error {
	m.each(func(r *relInfo) {
		for j, c := range r.indexCols() {
			oid, typmod := typeOf(c.t)
			bt, _ := findBuiltinType(oid)
			if c.domain != "" {
				// The column's type is the domain; its typmod is the
				// domain's (pg_type.typtypmod), not the column's.
				oid, typmod = DomainOID(c.domain), -1
				if c.domainArray {
					oid = DomainArrayOID(c.domain)
				}
			}
			var attlen int16 = -1
			byVal, align := false, byte('i')
			if bt != nil {
				attlen, byVal, align = bt.len, bt.byVal, bt.align
			} else if catalog.IsEnumType(c.t) {
				// As its pg_type row (pgTypeEnums): a 4-byte value.
				attlen, byVal = 4, true
			}
			// Collatable as its type is (pg_type.typcollation): the
			// string types, not json, which zerodb keeps as strings
			// too. pg_dump writes COLLATE for a column whose
			// collation differs from its type's.
			var coll uint32
			if c.t.Kind == value.KindString && (bt == nil || bt.category == 'S') {
				coll = OIDDefaultCollation
			}
			storage := storageOf(attlen)
			statTarget, compression := int32(-1), byte(0)
			var options any
			if s := c.settings; s != nil {
				statTarget, compression = int32(s.StatTarget), s.Compression
				if s.Storage != 0 {
					storage = s.Storage
				}
				if len(s.Options) > 0 {
					vs := make([]value.Value, len(s.Options))
					for i, o := range s.Options {
						vs[i] = value.String(o)
					}
					options = value.List(vs)
				}
			}
			out.add(r.oid, c.name, oid, statTarget, attlen,
				int16(j+1), arrayDims(c), int32(-1), typmod, byVal,
				align, storage, compression, c.notNull,
				c.attrDef() != "", false, string(c.identity), c.attGenerated(),
				false, !c.notLocal, int32(c.inhCount), coll,
				nil, options, nil, nil)
		}
	})
	return m.err
}

// arrayDims is pg_attribute.attndims: how many dimensions an array
// column was declared with (drizzle-kit reads it to tell text[] from
// text), 0 for other columns and for a domain over an array type.
func arrayDims(c colInfo) int32 {
	if c.domain != "" && !c.domainArray {
		return 0
	}
	n := int32(0)
	for t := c.t; t.Kind == value.KindList && t.Array && t.Elem != nil; t = *t.Elem {
		n++
	}
	return n
}

func pgType(m *model, out *rowSet) error {
	for i := range builtinTypes {
		t := &builtinTypes[i]
		var coll uint32
		if t.category == 'S' {
			coll = OIDDefaultCollation
		}
		subscript := "-"
		if t.category == 'A' {
			subscript = "array_subscript_handler"
		}
		// PostgreSQL's pseudo-types that no client sends or receives
		// have no binary I/O functions.
		io, recv, send := t.io, t.io+"recv", t.io+"send"
		switch t.name {
		case "any", "trigger", "event_trigger":
			recv, send = "-", "-"
		}
		delim := byte(',')
		if t.oid == value.OIDBox || t.elem == value.OIDBox && t.category == 'A' {
			delim = ';' // box's text has commas
		}
		if t.category == 'G' && t.elem != 0 {
			subscript = "raw_array_subscript_handler" // point[0], box[1], ...
		}
		out.add(t.oid, t.name, OIDPgCatalog, OIDBootstrapRole, t.len,
			t.byVal, t.typtype, t.category, t.oid == 25 || t.oid == 701 || t.oid == 16,
			true, delim, uint32(0), subscript,
			t.elem, t.array, io+"in", io+"out", recv,
			send, "-", "-", "-", t.align,
			storageOf(t.len), false, uint32(0), int32(-1),
			int32(0), coll, nil, nil,
			nil)
	}
	m.each(func(r *relInfo) {
		if !r.hasRowType() {
			return
		}
		arr := rowArrayOID(r.rowTypeKey())
		out.add(r.rowType, r.name, r.nsp, OIDBootstrapRole, int16(-1),
			false, byte('c'), byte('C'), false,
			true, byte(','), r.oid, "-",
			uint32(0), arr, "record_in", "record_out", "record_recv",
			"record_send", "-", "-", "-", byte('d'),
			byte('x'), false, uint32(0), int32(-1),
			int32(0), uint32(0), nil, nil,
			nil)
		addArrayType(out, arr, r.name, r.nsp, OIDBootstrapRole, r.rowType, 'd')
	})
	if m.err != nil {
		return m.err
	}
	if err := pgTypeEnums(m, out); err != nil {
		return err
	}
	if err := pgTypeRanges(m, out); err != nil {
		return err
	}
	return pgTypeDomains(m, out)
}

// int2array is an int2[] value.
func int2array(xs []int16) value.Value {
	vs := make([]value.Value, len(xs))
	for i, x := range xs {
		vs[i] = value.IntW(int64(x), value.I16)
	}
	return value.List(vs)
}

func pgIndex(m *model, out *rowSet) error {
	m.each(func(r *relInfo) {
		if r.kind != 'i' {
			return
		}
		n := int16(len(r.keyAttrs))
		zeroOIDs := make([]uint32, n)
		classes := make([]uint32, n)
		for j := range classes {
			if j < len(r.cols) {
				classes[j] = defaultOpclass(r.am, r.cols[j].t)
			}
		}
		// indoption's bits: INDOPTION_DESC, and INDOPTION_NULLS_FIRST,
		// which a descending part has (zerodb orders NULLs as
		// PostgreSQL's default does).
		options := make([]int16, n)
		if r.index != nil {
			for j, p := range r.index.Parts {
				if p.Desc && j < len(options) {
					options[j] = 3
				}
			}
		}
		var exprs any
		var es []string
		for j, a := range r.keyAttrs {
			if a == 0 {
				es = append(es, r.cols[j].name)
			}
		}
		if len(es) > 0 {
			exprs = strings.Join(es, ", ")
		}
		var pred any
		if r.index != nil && r.index.Partial() {
			pred = r.index.Where
		}
		if r.excl != nil && r.excl.Where != "" {
			pred = "(" + r.excl.Where + ")"
		}
		deferrable, _ := r.deferrability()
		out.add(r.oid, r.parent, n+int16(len(r.includeAttrs)), n,
			r.unique, r.nullsNotDistinct(), r.primary,
			r.excl != nil, !deferrable, r.clustered(), true,
			false, true, true, r.replicaIdentity(),
			value.Int2Vector(slices.Concat(r.keyAttrs, r.includeAttrs)), value.OidVector(zeroOIDs), value.OidVector(classes), value.Int2Vector(options),
			exprs, pred)
	})
	return m.err
}

// databases are the databases of the session's namespace (none outside
// one).
func (m *model) databases() ([]*catalog.Database, error) {
	e := m.e
	if e.Cat == nil || e.Namespace == nil {
		return nil, nil
	}
	return e.Cat.Databases(e.Ctx, e.Txn, e.Namespace.Name)
}

// pgShdescription lists the comments of the namespace's databases
// (COMMENT ON DATABASE).
func pgShdescription(m *model, out *rowSet) error {
	dbs, err := m.databases()
	if err != nil {
		return err
	}
	for _, d := range dbs {
		if d.Comment != "" {
			out.add(DatabaseOID(d.ID), oidPgDatabase, d.Comment)
		}
	}
	return nil
}

func pgDatabase(m *model, out *rowSet) error {
	dbs, err := m.databases()
	if err != nil {
		return err
	}
	for _, d := range dbs {
		out.add(DatabaseOID(d.ID), d.Name, RoleOID(d.OwnerName()), int32(6), byte('c'),
			false, true, int32(-1), int64(0),
			int64(0), OIDDefaultTablespace, "C.UTF-8", "C.UTF-8",
			nil, nil, nil)
	}
	return nil
}

// roles calls fn for every user in name order.
func (m *model) roles(fn func(oid uint32, u *catalog.User)) error {
	e := m.e
	if e.Cat == nil {
		return nil
	}
	users, err := e.Cat.Users(e.Ctx, e.Txn)
	if err != nil {
		return err
	}
	for _, u := range users {
		fn(RoleOID(u.Name), u)
	}
	return nil
}

// roleName is the name of the role of an OID ("" for none).
func (m *model) roleName(oid uint32) (string, error) {
	name := ""
	err := m.roles(func(o uint32, u *catalog.User) {
		if o == oid {
			name = u.Name
		}
	})
	return name, err
}

// validUntil is a role's rolvaliduntil (NULL when it has none).
func validUntil(u *catalog.User) any {
	if u.ValidUntil == nil {
		return nil
	}
	return value.DatetimeOfMicros(*u.ValidUntil, true)
}

// pgAuthid is readable by superusers only, as in PostgreSQL, and shows
// them the stored verifiers (pg_dumpall reads them there). Superusers
// bypass row security (there is none), as the bootstrap superuser's
// rolbypassrls says in PostgreSQL.
func pgAuthid(m *model, out *rowSet) error {
	if !m.superuser() {
		return errs.New(errs.InsufficientPrivilege, "permission denied for table pg_authid")
	}
	return m.roles(func(oid uint32, u *catalog.User) {
		out.add(oid, u.Name, u.Superuser, !u.NoInherit, u.CreateRole,
			u.CreateDB, u.CanLogin, false, u.Superuser,
			u.ConnLimit, verifier(u), validUntil(u))
	})
}

// superuser reports whether the session's user is a superuser (true
// outside a session).
func (m *model) superuser() bool {
	e := m.e
	if e.Session == nil || e.Cat == nil {
		return true
	}
	u, ok, err := e.Cat.User(e.Ctx, e.Txn, e.Session.User())
	return err == nil && ok && u.Superuser
}

func pgRoles(m *model, out *rowSet) error {
	return m.roles(func(oid uint32, u *catalog.User) {
		out.add(u.Name, u.Superuser, !u.NoInherit, u.CreateRole,
			u.CreateDB, u.CanLogin, false, u.ConnLimit,
			"********", validUntil(u), u.Superuser, nil,
			oid)
	})
}

// pgAuthMembers lists every membership: the member's grants, in the
// members' name order.
func pgAuthMembers(m *model, out *rowSet) error {
	return m.roles(func(oid uint32, u *catalog.User) {
		for _, g := range u.MemberOf {
			out.add(RoleOID(g.Role), oid, RoleOID(g.Grantor), g.Admin)
		}
	})
}

func pgUser(m *model, out *rowSet) error {
	return loginRoles(m, out, func(*catalog.User) any { return "********" })
}

func pgConstraint(m *model, out *rowSet) error {
	// index adds the row of a primary key or UNIQUE constraint r is the
	// index of.
	index := func(oid uint32, r *relInfo, contype byte) {
		deferrable, deferred := r.deferrability()
		out.add(oid, r.name, r.nsp, contype, deferrable,
			deferred, true, r.parent, uint32(0),
			r.oid, uint32(0), uint32(0), byte(' '),
			byte(' '), byte(' '), true, int32(0),
			true, int2array(r.keyAttrs), nil, nil,
			nil, nil, nil, nil,
			nil)
	}
	m.each(func(r *relInfo) {
		if r.primary {
			index(PKeyConstraintOID(r.table.ID), r, 'p')
		}
	})
	if m.err != nil {
		return m.err
	}
	m.each(func(r *relInfo) {
		switch {
		case r.kind == 'r' && r.table != nil:
			for _, c := range r.table.Checks {
				var key any
				if attrs := m.checkAttrs(r, c.Expr); attrs != nil {
					key = int2array(attrs)
				}
				out.add(ConstraintOID(r.table.ID, c.Name), c.Name, r.nsp, byte('c'), false,
					false, !c.NotValid, r.oid, uint32(0),
					uint32(0), uint32(0), uint32(0), byte(' '),
					byte(' '), byte(' '), !c.NotLocal, int32(c.InhCount),
					c.NoInherit, key, nil, nil,
					nil, nil, nil, nil,
					nil)
			}
		case r.index != nil && r.index.Constraint && !r.primary:
			index(ConstraintOID(r.table.ID, r.name), r, 'u')
		case r.excl != nil:
			index(ConstraintOID(r.table.ID, r.name), r, 'x')
		}
	})
	if m.err != nil {
		return m.err
	}
	if err := pgConstraintDomains(m, out); err != nil {
		return err
	}
	fks, err := m.foreignKeys()
	if err != nil {
		return err
	}
	for i := range fks {
		f := &fks[i]
		match := byte('s')
		if f.fk.MatchFull {
			match = 'f'
		}
		inhcount := int32(0)
		if f.inherited != 0 {
			inhcount = 1
		}
		out.add(f.oid, f.fk.Name, f.table.nsp, byte('f'), f.fk.Deferrable,
			f.fk.InitiallyDeferred, !f.fk.NotValid, f.table.oid, uint32(0),
			f.index, f.inherited, f.parent.oid, byte(f.fk.Update()[0]),
			byte(f.fk.Delete()[0]), match, f.inherited == 0, inhcount,
			true, int2array(f.keys), int2array(f.refKeys), nil,
			nil, nil, nil, nil,
			nil)
	}
	return nil
}

func pgAm(_ *model, out *rowSet) error {
	out.add(OIDHeapAM, "heap", "heap_tableam_handler", byte('t'))
	for _, am := range indexAMs {
		out.add(am.oid, am.name, am.handler, byte('i'))
	}
	return nil
}

func pgSettings(m *model, out *rowSet) error {
	if m.e.Session == nil {
		return nil
	}
	for _, s := range m.e.Session.Settings() {
		var min, max, unit, enum any
		if s.Type == "integer" || s.Type == "real" {
			min, max = s.Min, s.Max
		}
		if s.Unit != "" {
			unit = s.Unit
		}
		if s.Type == "enum" {
			enum = textList(s.EnumValues)
		}
		out.add(s.Name, s.Value, unit, s.Category, s.Description,
			nil, s.Context, s.Type, s.Source, min,
			max, enum, s.Boot, s.Reset,
			nil, nil, false)
	}
	return nil
}

func pgTables(m *model, out *rowSet) error {
	m.each(func(r *relInfo) {
		if r.kind != 'r' {
			return
		}
		rls, _ := rowSecurity(r)
		out.add(m.nspName(r.nsp), r.name, r.owner(), nil,
			len(r.indexes) > 0, false, m.hasTriggers(r), rls)
	})
	return m.err
}

func pgIndexes(m *model, out *rowSet) error {
	m.each(func(r *relInfo) {
		if r.kind != 'i' {
			return
		}
		out.add(m.nspName(r.nsp), r.table.Name, r.name, nil, indexDef(m.e, r, false))
	})
	return m.err
}

// ownerName is the owner every object shows: zerodb has no object
// owners, so it is the bootstrap superuser.
func (m *model) ownerName() string { return bootstrapRole }

func pgCollation(_ *model, out *rowSet) error {
	out.add(OIDDefaultCollation, "default", OIDPgCatalog, OIDBootstrapRole, byte('d'), true, int32(-1), nil, nil, nil, nil)
	out.add(uint32(950), "C", OIDPgCatalog, OIDBootstrapRole, byte('c'), true, int32(-1), "C", "C", nil, nil)
	out.add(uint32(951), "POSIX", OIDPgCatalog, OIDBootstrapRole, byte('c'), true, int32(-1), "POSIX", "POSIX", nil, nil)
	return nil
}

// attrDefOID is a column default's OID: the table id and column number
// packed above 2^30 (unique for tables ids below 2^20 and up to 1024
// columns).
func attrDefOID(tableID uint64, attnum int) uint32 {
	return 1<<30 | uint32(tableID)<<10 | uint32(attnum)
}

func pgAttrdef(m *model, out *rowSet) error {
	m.each(func(r *relInfo) {
		if r.kind != 'r' || r.table == nil {
			return
		}
		for j, c := range r.cols {
			if d := c.attrDef(); d != "" {
				out.add(attrDefOID(r.table.ID, j+1), r.oid, int16(j+1), d)
			}
		}
	})
	return m.err
}

func pgTablespace(_ *model, out *rowSet) error {
	out.add(OIDDefaultTablespace, "pg_default", OIDBootstrapRole, nil, nil)
	out.add(uint32(1664), "pg_global", OIDBootstrapRole, nil, nil)
	return nil
}

func pgLanguage(_ *model, out *rowSet) error {
	out.add(uint32(12), "internal", OIDBootstrapRole, false, false, uint32(0), uint32(0), uint32(0), nil)
	out.add(uint32(13), "c", OIDBootstrapRole, false, false, uint32(0), uint32(0), uint32(0), nil)
	out.add(OIDSQLLanguage, "sql", OIDBootstrapRole, false, true, uint32(0), uint32(0), uint32(0), nil)
	out.add(OIDPLpgSQLLanguage, "plpgsql", OIDBootstrapRole, true, true, uint32(0), uint32(0), uint32(0), nil)
	out.add(OIDZQLLanguage, "zql", OIDBootstrapRole, true, true, uint32(0), uint32(0), uint32(0), nil)
	return nil
}

// OIDZQLLanguage is the pg_language OID of ZQL, the language of stored
// functions.
const OIDZQLLanguage uint32 = 16001

// tenantDatabases is the calling session (nil outside one) and the OIDs
// of its namespace's databases by name: the server-wide views
// (pg_stat_activity, pg_locks) show only these, the rest being another
// tenant's.
func (m *model) tenantDatabases() (Session, map[string]uint32, error) {
	s := m.e.Session
	if s == nil || m.e.Cat == nil || m.e.Namespace == nil {
		return nil, nil, nil
	}
	dbs, err := m.e.Cat.Databases(m.e.Ctx, m.e.Txn, m.e.Namespace.Name)
	if err != nil {
		return nil, nil, err
	}
	oids := make(map[string]uint32, len(dbs))
	for _, d := range dbs {
		oids[d.Name] = DatabaseOID(d.ID)
	}
	return s, oids, nil
}

// pgLocks lists the advisory and table locks of this namespace's
// sessions as PostgreSQL does: a table lock by its relation's OID, an
// advisory lock's bigint key split into classid (its high half) and objid
// (its low half) with objsubid 1, a pair of integers as classid and objid
// with objsubid 2. zerodb's other locks are not listed: a transaction's
// row locks (PostgreSQL shows them only while waited for), and the
// relation and transaction locks PostgreSQL's reads and writes take,
// which zerodb's do not.
func pgLocks(m *model, out *rowSet) error {
	s, oids, err := m.tenantDatabases()
	if s == nil || err != nil {
		return err
	}
	for _, l := range s.Locks() {
		oid, ok := oids[l.Database]
		if !ok || l.Namespace != m.e.Namespace.Name {
			continue // another tenant's
		}
		var wait any
		if !l.Granted {
			wait = value.Datetime(l.WaitStart, true)
		}
		vxid := strconv.Itoa(int(l.PID)) + "/1"
		if l.Table != 0 {
			out.add("relation", oid, relationOID(l.Table), nil, nil,
				nil, nil, nil, nil, nil,
				vxid, l.PID, l.Mode, l.Granted, false,
				wait)
			continue
		}
		classid, objid, sub := uint32(uint64(l.Key.A)>>32), uint32(l.Key.A), int16(1)
		if l.Key.Pair {
			classid, objid, sub = uint32(l.Key.A), uint32(l.Key.B), 2
		}
		out.add("advisory", oid, nil, nil, nil,
			nil, nil, classid, objid, sub,
			vxid, l.PID, l.Mode, l.Granted, false,
			wait)
	}
	return nil
}

func pgStatActivity(m *model, out *rowSet) error {
	s, oids, err := m.tenantDatabases()
	if s == nil || err != nil {
		return err
	}
	for _, a := range s.Activity() {
		oid, ok := oids[a.Database]
		if !ok || a.Namespace != m.e.Namespace.Name {
			continue
		}
		var queryStart any
		if !a.QueryStart.IsZero() {
			queryStart = value.Datetime(a.QueryStart, true)
		}
		var state, query any = a.State, a.Query
		if r := m.e.Role; r != nil && !r.HasPrivsOf(a.User) {
			// Another role's session: PostgreSQL hides what it runs.
			state, query, queryStart = nil, "<insufficient privilege>", nil
		}
		var clientAddr, clientPort any
		switch {
		case a.Client.IsValid():
			clientAddr = value.NetValue(value.InetOfAddr(a.Client.Addr()), value.NetInet)
			clientPort = int32(a.Client.Port())
		case a.UnixSocket:
			clientPort = int32(-1)
		}
		out.add(oid, a.Database, a.PID, nil, RoleOID(a.User),
			a.User, a.ApplicationName, clientAddr, nil,
			clientPort, value.Datetime(a.BackendStart, true), nil, queryStart,
			queryStart, nil, nil, state,
			nil, nil, nil, query,
			"client backend")
	}
	return nil
}

func pgCursors(m *model, out *rowSet) error {
	if m.e.Session == nil {
		return nil
	}
	for _, c := range m.e.Session.Cursors() {
		out.add(c.Name, c.Statement, c.Holdable, c.Binary, c.Scrollable, value.Datetime(c.Created, true))
	}
	return nil
}

func pgMatviews(m *model, out *rowSet) error {
	m.each(func(r *relInfo) {
		if r.kind == 'm' {
			mv := r.table.MatView
			out.add(m.nspName(r.nsp), r.name, r.owner(), nil, len(r.indexes) > 0, mv.Populated, viewDef(mv.Query))
		}
	})
	return m.err
}

func pgViews(m *model, out *rowSet) error {
	m.each(func(r *relInfo) {
		if r.view != nil {
			out.add(m.nspName(r.nsp), r.name, r.owner(), viewDef(r.view.Query))
		}
	})
	return m.err
}

// constraintOID is the pg_constraint OID of t's constraint name.
func constraintOID(t *catalog.Table, name string) uint32 {
	if len(t.PrimaryKey) > 0 && t.PKeyConstraint() == name {
		return PKeyConstraintOID(t.ID)
	}
	return ConstraintOID(t.ID, name)
}

// policyOID is the pg_policy OID of t's policy name.
func policyOID(t *catalog.Table, name string) uint32 {
	return ConstraintOID(t.ID, "policy "+name)
}
