# -*- coding: latin-1 -*-
s = "éè"
t = b"\xe9"
