print("script sees", INIT, lmod and lmod.value)
