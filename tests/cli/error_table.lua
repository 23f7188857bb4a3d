-- An error value that is not a string: no message, no traceback.
io.write("partial output\n")
error({code = 42})
