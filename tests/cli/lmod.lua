-- Loaded with -l: runs once, before the script and after earlier -e chunks.
print("loading lmod", x)
lmod = {value = 42}
return lmod
