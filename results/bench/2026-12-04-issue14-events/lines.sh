#!/bin/bash
# top source lines by Ir from a cachegrind out file
cg_annotate --auto=yes --threshold=0.001 "$1" 2>/dev/null | awk '/Auto-annotated source:/{file=$NF; sub(".*/src/","",file)} /^ *[0-9,]+ \( *[0-9.]+%\)  +/{ if(file!=""){n=$1; gsub(",","",n); line=$0; sub(/^ *[0-9,]+ \( *[0-9.]+%\) */,"",line); printf "%d\t%s\t%s\n", n, file, substr(line,1,110)}}' | sort -rn | head -${2:-60}
