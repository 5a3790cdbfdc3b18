x = 1
  # comment with indentation

y = 2 if x else 3