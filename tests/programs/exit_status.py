# sys.exit with a code: no traceback, the status is the code.
import sys
print("exiting")
try:
    sys.exit(0)
except SystemExit as e:
    print("caught exit", e.code)
sys.exit(3)
