match command.split():
    case [action]:
        pass
    case [action, obj]:
        pass
    case Point(x=0, y=0):
        pass
    case Point(x, y=1):
        pass
    case [Point(x=0, y=0), *rest]:
        pass
    case {"x": x, "y": y, **rest}:
        pass
    case {1: _, -2: a.b}:
        pass
    case 1 | 2 | 3:
        pass
    case -1 | 1.5 | 2j | -3+4j | 5-6j:
        pass
    case "str" | b"bytes" | "con" "cat":
        pass
    case None | True | False:
        pass
    case (a, b) as pair:
        pass
    case (a,):
        pass
    case ():
        pass
    case []:
        pass
    case a.b.c:
        pass
    case [*_, last]:
        pass
    case x if x > 0:
        pass
    case _:
        pass
match a, b:
    case 1, 2: pass
match (x):
    case (1 | 2) as y: pass
match = 1
match.attr = 2
match(x)
case = 3
_ = 4
print(match, case)
