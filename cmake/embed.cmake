# Wraps a text file into a C++ source as a raw string literal: cmake -DIN=... -DOUT=... -DNAME=...
file(READ "${IN}" content)
file(WRITE "${OUT}.tmp" "// Generated from ${IN}; do not edit.\nnamespace shitong::detail {\nextern const char ${NAME}[];\nconst char ${NAME}[] = R\"shitong_data(${content})shitong_data\";\n}\n")
file(RENAME "${OUT}.tmp" "${OUT}")
