"""`python -m kilocale` runs the same CLI as the `kilocale` console script."""

from kilocale.entry import main

if __name__ == "__main__":
    main()
