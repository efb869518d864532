"""`python -m kilocale` runs the same CLI as the `kilocale` console script."""

from kilocale.cli import main

if __name__ == "__main__":
    main()
