"""Reading workbooks: size and safety checks on the raw package, then the About sheet,
the banks' hidden record and each bank's answers, every problem at its sheet and cell.
"""
