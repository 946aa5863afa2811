# Regenerates ../sqlrange_pgcases_test.go from a PostgreSQL 15 on 127.0.0.1:5652 (user postgres):
#   python3 testdata/gen_sqlrange_cases.py && gofmt -w sqlrange_pgcases_test.go
import subprocess, json
def pg(sql):
    r = subprocess.run(["psql","-X","-At","-h","127.0.0.1","-p","5652","-U","postgres","-v","VERBOSITY=sqlstate","-c","SET timezone='UTC'; SET datestyle='ISO, MDY'; "+sql],capture_output=True,text=True)
    if r.returncode:
        e=r.stderr.strip().split("ERROR:")[-1].strip()
        return None, e
    return r.stdout.rstrip("\n").split("\n")[-1], ""
def q(s): return s.replace("'","''")
def gostr(s): return json.dumps(s)
parse = [
 ("Int4","[1,5)"),("Int4","(1,5]"),("Int4","[1,5]"),("Int4","(1,2)"),("Int4","(1,1)"),("Int4","[1,1]"),("Int4","[5,1)"),
 ("Int4","empty"),("Int4"," EMPTY "),("Int4","empty x"),("Int4","(,5]"),("Int4","[,]"),("Int4","(,)"),("Int4","[3,)"),
 ("Int4","1,5"),("Int4","[1 5)"),("Int4","[1,5,6)"),("Int4","[1,5) x"),("Int4"," [ 1 , 5 ) "),("Int4","[\"1\",\"5\")"),
 ("Int4","[a,5)"),("Int4","[1,2147483647]"),("Int4","[1"),("Int4","[1,"),("Int4","[\"1,5)"),("Int4","[1\\"),("Int4",""),
 ("Int4","(2147483647,2147483647]"),("Int4","[-2147483648,0]"),
 ("Int8","[1,9223372036854775806]"),("Int8","[1,9223372036854775807]"),("Int8","(-5,-3)"),
 ("Num","[1.5,2.25)"),("Num","(1.5,1.5]"),("Num","[1.5,1.5]"),("Num","[1.50,3]"),("Num","(,)"),("Num","[2,1]"),("Num","[NaN,NaN]"),("Num","[1,NaN)"),
 ("Date","[2020-01-01,2020-02-01]"),("Date","(2020-01-01,2020-01-02)"),("Date","[-infinity,infinity]"),("Date","(infinity,infinity]"),("Date","(2020-01-31,)"),
 ("TS","[2020-01-01 10:00,2020-01-01 12:00)"),("TS","[\"2020-01-01 10:00\",\"2020-01-01 12:00\"]"),("TS","(,2020-01-01)"),("TS","[2020-01-01,2020-01-01]"),
 ("TSTZ","[2020-01-01 10:00+02,2020-01-01 12:00+00)"),("TSTZ","[\"2020-01-01 10:00:00.5 UTC\",)"),
 ("Int4","[\"\",5)"),("Num","[\" 1\",\"2 \")"),("Int4","[1,5)\t"),
]
names={"Int4":"int4range","Int8":"int8range","Num":"numrange","Date":"daterange","TS":"tsrange","TSTZ":"tstzrange"}
out=["// Code generated from PostgreSQL 15 by a script; DO NOT EDIT.","","package value","","var pgRangeParseCases = []struct{ kind RangeKind; in, out, code string }{"]
for k,s in parse:
    v,e=pg("select '%s'::%s" % (q(s),names[k]))
    out.append("\t{%s, %s, %s, %s}," % ("Range"+k,gostr(s),gostr(v or ""),gostr(e)))
out.append("}")
# operators over int4range and numrange
rs=["empty","[1,5)","[3,8)","[5,9)","(,3)","[6,)","(,)","[2,4)","[1,5]"]
ops=[("@>","Contains"),("<@","ContainedBy"),("&&","Overlaps"),("<<","Before"),(">>","After"),("&<","OverLeft"),("&>","OverRight"),("-|-","Adjacent"),("+","Union"),("*","Intersect"),("-","Minus"),("merge","Merge"),("cmp","Compare")]
out.append("")
out.append("var pgRangeOpCases = []struct{ kind RangeKind; a, op, b, out, code string }{")
for kind,rr in (("Int4",rs),("Num",["empty","[1,5)","(1,5]","[5,5]","(,1.5)","[2.5,)","(,)","[5,7)"])):
  for a in rr:
    for b in rr:
      for op,_ in ops:
        if op=="merge": sql="select range_merge('%s'::%s,'%s')"%(a,names[kind],b)
        elif op=="cmp": sql="select sign(%s_cmp('%s'::%s,'%s'))::int"%("range",a,names[kind],b)
        else: sql="select '%s'::%s %s '%s'::%s"%(a,names[kind],op,b,names[kind])
        v,e=pg(sql)
        out.append("\t{%s, %s, %s, %s, %s, %s}," % ("Range"+kind,gostr(a),gostr(op),gostr(b),gostr(v or ""),gostr(e)))
out.append("}")
open("sqlrange_pgcases_test.go","w").write("\n".join(out)+"\n")
