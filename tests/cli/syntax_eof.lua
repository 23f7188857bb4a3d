-- A syntax error at the end of the file: same position, other words.
for i = 1, 3 do
  print(i)
