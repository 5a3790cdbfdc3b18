# types.GenericAlias (PEP 585/646): parameters, substitution, unpacking, unions, pickling.
from typing import TypeVar, Generic, TypeVarTuple, Unpack, ParamSpec, Callable
import collections.abc, pickle, copy
T = TypeVar('T'); K = TypeVar('K'); Ts = TypeVarTuple('Ts'); P = ParamSpec('P')
A = dict[K, list[T]]
print(A, A.__parameters__, A[str, int], A[str, int].__parameters__)
print(list[T][int], tuple[T, ...][str])
print(*tuple[int, str], list(tuple[int, str]))
x, = tuple[int]
print(x, x.__unpacked__, x.__typing_unpacked_tuple_args__, repr(x))
print(tuple[*Ts][int, str], tuple[int, *Ts][str, float])
print(list[int] | int, int | list[str], list[int] | None)
print(list[int].__name__ if hasattr(list[int], '__name__') else None, list[int].append is list.append)
try: list[int][str]
except TypeError as e: print(e)
try: dict[K, T][int]
except TypeError as e: print(e)
print(pickle.loads(pickle.dumps(list[int])), copy.copy(dict[str, T]))
print(collections.abc.Callable[[int], str], collections.abc.Callable[P, T][[int], str])
print(list[int] == list[int], list[int] == x, x == next(iter(tuple[int])))
print(sorted(set(dir(list[int])) - set(dir(list)))[:5])
class G(Generic[T]): pass
print(G[int], list[G[T]][str])
