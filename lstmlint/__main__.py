from lstmlint.cli import main

main()
