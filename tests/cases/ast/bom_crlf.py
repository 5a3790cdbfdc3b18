x = "bom"
y = 2
