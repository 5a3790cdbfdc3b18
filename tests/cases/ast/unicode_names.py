# -*- coding: utf-8 -*-
def 函数(参数):
    return 参数
ｘ = 1
ℌ = 2
print(ｘ, ℌ, 函数)
class Ünïcödé:
    attr_é = 'ß'
